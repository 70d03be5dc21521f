#!/usr/bin/env bash
# Builds the BenchmarkDotNet micro-benchmarks (benchmarks/) in Release and runs them. Every argument goes to
# BenchmarkDotNet's own command line; without a --filter the whole set runs. Full JSON and GitHub Markdown
# (plus CSV and HTML) land in results/bench/results/, the log in results/bench/ (git-ignored).
#
#   scripts/bench.sh                                   # everything, BenchmarkDotNet's default job (long)
#   scripts/bench.sh --job short                       # everything, short job: under 10 minutes on 2 cores
#   scripts/bench.sh --filter '*CopyCost*'             # one class (globs over Namespace.Class.Method)
#   scripts/bench.sh --filter '*Interop*' --job short  # the interop styles only
#   scripts/bench.sh --list flat                       # list the benchmarks, run nothing
#   scripts/bench.sh --job dry                         # every case once: a smoke test, no meaningful timings
#
# Other useful BenchmarkDotNet options: --anyCategories, --join (one summary for all classes),
# --memory (already on), --inProcess (no child process per benchmark: faster, less isolated).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
project="$root/benchmarks/IpcBench.Benchmarks/IpcBench.Benchmarks.csproj"
dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly

args=("$@")
has_filter=0
for a in "${args[@]}"; do
    case "$a" in
        --filter|--filter=*|-f|--list|--list=*|--help|-h|--version|--info) has_filter=1 ;;
    esac
done
[ "$has_filter" -eq 1 ] || args=(--filter '*' "${args[@]}")

# BenchmarkDotNet finds the project to generate its runner from relative to the working directory.
cd "$root"
exec dotnet "$root/benchmarks/IpcBench.Benchmarks/bin/Release/net10.0/IpcBench.Benchmarks.dll" "${args[@]}"

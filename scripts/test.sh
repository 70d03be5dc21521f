#!/usr/bin/env bash
# Installs what the tests need, builds everything (native included) and runs every test of
# the solution. Extra arguments go to `dotnet test`, e.g.
#   scripts/test.sh --filter "Category=Cli"
#   scripts/test.sh --logger "junit;LogFilePath=TestResults/{assembly}.xml" --logger trx
# Ends with one line summing every test assembly: "N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
dotnet build "$root/IpcBench.sln" -c Release -nologo -v quiet -clp:ErrorsOnly

summary="$(mktemp -d "${TMPDIR:-/tmp}/ipcbench-tests.XXXXXX")"
trap 'rm -rf "$summary"' EXIT
status=0
dotnet test "$root/IpcBench.sln" -c Release --no-build -nologo \
    --logger "trx;LogFilePrefix=summary" --results-directory "$summary" "$@" || status=$?

# The TRX counters of every assembly, added up.
cat "$summary"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) { gsub(/[">\/]/, "", kv[2]); n[kv[1]] += kv[2] } }
    END { printf "%d passed, %d failed, %d skipped\n", n["passed"], n["failed"] + n["error"] + n["timeout"] + n["aborted"], n["total"] - n["executed"] }'
exit "$status"

#!/usr/bin/env bash
# Installs what the tests need, builds everything (native included) and runs every test of
# the solution. Extra arguments go to `dotnet test`, e.g.
#   scripts/test.sh --filter "Category=Cli"
#   scripts/test.sh --logger "junit;LogFilePath=TestResults/{assembly}.xml" --logger trx
# Ends with one line adding up every test assembly: "N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
dotnet build "$root/IpcBench.sln" -c Release -nologo -v quiet -clp:ErrorsOnly

log="$(mktemp "${TMPDIR:-/tmp}/ipcbench-tests.XXXXXX")"
trap 'rm -f "$log"' EXIT
status=0
dotnet test "$root/IpcBench.sln" -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per assembly.
grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk -F'[:,]' '
    { failed += $2; passed += $4; skipped += $6 }
    END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit "$status"

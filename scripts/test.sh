#!/usr/bin/env bash
# Installs what the tests need, builds everything (native included) and runs every test of
# the solution. Extra arguments go to `dotnet test`, e.g.
#   scripts/test.sh --logger "junit;LogFilePath=TestResults/{assembly}.xml" --logger trx
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
dotnet build "$root/IpcBench.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test "$root/IpcBench.sln" -c Release --no-build -nologo "$@"

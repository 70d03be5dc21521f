#!/usr/bin/env bash
# Builds the whole solution (native code included, through native/native.targets) in Release.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/deps.sh"
dotnet build "$root/IpcBench.sln" -c Release -nologo -v quiet -clp:ErrorsOnly "$@"

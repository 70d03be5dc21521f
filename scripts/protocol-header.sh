#!/usr/bin/env bash
# Regenerates native/common/peer_protocol.h from the C# protocol definition (harness/IpcBench.Core/Protocol/).
# The C peer reads every name, key, limit and offset from it; ProtocolHeaderTests fail while it is stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/harness/IpcBench.Cli/IpcBench.Cli.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly -p:SkipNativeBuild=true
tmp="$(mktemp "$root/native/common/.peer_protocol.h.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
dotnet "$root/harness/IpcBench.Cli/bin/Release/net10.0/ipcbench.dll" __protocol-header > "$tmp"
mv "$tmp" "$root/native/common/peer_protocol.h"
trap - EXIT
echo "wrote native/common/peer_protocol.h"

#!/usr/bin/env bash
# Makes sure what the build and the tests need beyond the .NET SDK is on the machine:
# make and a C compiler, and gcc-multilib for the i686 peers and probes. As root it installs
# what is missing with apt-get; otherwise it names the packages to install and goes on
# (i686 is then reported as unavailable rather than failing the whole run).
set -euo pipefail

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
if ! printf 'int main(void){return 0;}' | cc -m32 -x c - -o /dev/null >/dev/null 2>&1; then
    missing+=(gcc-multilib)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    if apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        exit 0
    fi
    echo "deps: apt-get could not install ${missing[*]}" >&2
else
    echo "deps: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
fi
# Without a C compiler nothing native builds; without multilib only i686 is lost.
for p in "${missing[@]}"; do
    [ "$p" = gcc-multilib ] || exit 1
done
echo "deps: continuing without i686 (it will be reported as unavailable)" >&2

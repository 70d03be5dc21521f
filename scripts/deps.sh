#!/usr/bin/env bash
# Makes sure what the build and the tests need beyond the .NET SDK is on the machine:
# make and a C compiler, gcc-multilib for the i686 peers and probes, and for validating other
# kernels and C libraries (ipcbench conform --kernel / --libc musl): qemu-system-x86 (QEMU for
# x86_64 and i386 guests), e2fsprogs (mkfs.ext4 for the guest's /tmp disk), musl-tools, and
# mmdebstrap (the distribution tree the --rootfs test makes once).
# As root it installs what is missing with apt-get; otherwise it names the packages to install
# and goes on (what needs them is then reported as unavailable or skipped rather than failing).
#   scripts/deps.sh            what the build and the tests need
#   scripts/deps.sh --i386     also enables the i386 architecture in apt (dpkg --add-architecture
#                              i386 + apt-get update), so `conform --kernel` can fetch 32-bit
#                              kernels such as linux-image-6.1.0-47-686-pae-unsigned
set -euo pipefail

i386=no
for a in "$@"; do
    case "$a" in
        --i386) i386=yes ;;
        *) echo "deps: unknown option '$a' (--i386)" >&2; exit 2 ;;
    esac
done

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

missing=()
have make || missing+=(make)
have cc || missing+=(gcc)
if ! printf 'int main(void){return 0;}' | cc -m32 -x c - -o /dev/null >/dev/null 2>&1; then
    missing+=(gcc-multilib)
fi
have qemu-system-x86_64 || missing+=(qemu-system-x86)
have mkfs.ext4 || missing+=(e2fsprogs)
have musl-gcc || missing+=(musl-tools)
have mmdebstrap || missing+=(mmdebstrap)

root=no
[ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && root=yes

if [ "$i386" = yes ] && ! dpkg --print-foreign-architectures 2>/dev/null | grep -qx i386; then
    if [ "$root" = yes ]; then
        echo "deps: enabling the i386 architecture in apt (for 32-bit kernel packages)" >&2
        dpkg --add-architecture i386
        apt-get update -qq >/dev/null || true
    else
        echo "deps: for 32-bit kernel packages run: sudo dpkg --add-architecture i386 && sudo apt-get update" >&2
    fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$root" = yes ]; then
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
# Without a C compiler nothing native builds; the rest only loses i686, guests or musl.
for p in "${missing[@]}"; do
    case "$p" in make|gcc) exit 1 ;; esac
done
echo "deps: continuing without ${missing[*]} (what needs them is reported as unavailable)" >&2

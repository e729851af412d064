#!/bin/bash
# Prepares what the QEMU guest of the licensing profile boots: installs qemu-system-x86, busybox-static and usbip when
# they are missing (apt-get; needs root), downloads the Debian kernel package that linux-image-amd64 points at
# (apt-get download; not installed) and unpacks it under licensing/target/qemu/kernel. The kernel is cached: a second
# run only checks that it is there. Prints the kernel release on its last line.
#
# Usage: prepare.sh [OUT_DIR]   (default: licensing/target/qemu)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../.." && pwd)
out=${1:-$module/target/qemu}
mkdir -p "$out"

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || {
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
}
command -v usbip >/dev/null || [ -x /usr/sbin/usbip ] || missing+=(usbip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "prepare: installing ${missing[*]}" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "prepare: not root; install them with: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$out/apt-install.log" 2>&1; then
    apt-get update -q >>"$out/apt-install.log" 2>&1
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$out/apt-install.log" 2>&1 || {
      tail -20 "$out/apt-install.log" >&2
      exit 1
    }
  fi
fi

# The kernel: cached under $out/kernel, with its release in $out/kernel.release.
if [ -s "$out/kernel.release" ] && [ -f "$out/kernel/boot/vmlinuz-$(cat "$out/kernel.release")" ] \
    && [ -f "$out/kernel/lib/modules/$(cat "$out/kernel.release")/modules.dep" ]; then
  cat "$out/kernel.release"
  exit 0
fi

pkg=${TRIAD_QEMU_KERNEL_PACKAGE:-$(apt-cache depends linux-image-amd64 2>/dev/null \
  | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)}
if [ -z "$pkg" ]; then
  apt-get update -q >"$out/apt-update.log" 2>&1
  pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
fi
[ -n "$pkg" ] || { echo "prepare: cannot find the kernel package linux-image-amd64 depends on" >&2; exit 1; }
echo "prepare: downloading $pkg" >&2
rm -rf "$out/deb" "$out/kernel"
mkdir -p "$out/deb"
# apt-get download as root warns that _apt cannot write here; the download itself works.
(cd "$out/deb" && apt-get download -q "$pkg" 2>&1 | grep -v 'unsandboxed' >&2 || true)
deb=$(ls "$out"/deb/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "prepare: apt-get download $pkg produced no .deb" >&2; exit 1; }
dpkg-deb -x "$deb" "$out/kernel"
release=${pkg#linux-image-}
[ -f "$out/kernel/boot/vmlinuz-$release" ] || { echo "prepare: no vmlinuz-$release in $deb" >&2; exit 1; }
# The package ships no modules.dep (depmod runs at install time): busybox's depmod writes it.
busybox depmod -b "$out/kernel" "$release"
rm -rf "$out/deb"
echo "$release" >"$out/kernel.release"
echo "$release"

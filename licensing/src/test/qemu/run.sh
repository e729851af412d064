#!/bin/bash
# Runs DongleTransportContract against Usb4javaTransport on a real Linux USB stack: boots a QEMU guest whose kernel
# imports the emulated dongle through USB/IP (vhci-hcd) from a UsbIpServer on this host, and runs
# Usb4javaTransportQemuIT inside it with this host's JDK and the module's test classpath (the host's root is the
# guest's root, read-only over 9p). Called by `./mvnw -Pqemu -pl licensing verify`; can be run again by hand after
# that build. Exits with the guest's JUnit exit code; prints a summary line "N passed, N failed".
#
# Usage: run.sh [CLASSPATH_FILE]   (default: licensing/target/qemu/classpath.txt, written by the qemu profile)
# Environment: TRIAD_QEMU_ACCEL=tcg|kvm (default tcg), TRIAD_QEMU_CPU (QEMU's default model), TRIAD_QEMU_TIMEOUT seconds (900),
#              TRIAD_USBIP_PORT (3240), TRIAD_USBIP_CONTROL_PORT (3241), LIBUSB_DEBUG (0-4, in the guest),
#              TRIAD_QEMU_SELECT (JUnit console selectors, default --select-class=...Usb4javaTransportQemuIT).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../.." && pwd)
out=$module/target/qemu
cpfile=${1:-$out/classpath.txt}
port=${TRIAD_USBIP_PORT:-3240}
control=${TRIAD_USBIP_CONTROL_PORT:-3241}
timeout_s=${TRIAD_QEMU_TIMEOUT:-900}
started=$(date +%s)

say() { echo "[qemu] $*"; }

[ -s "$cpfile" ] || { say "no test classpath in $cpfile: build first with ./mvnw -Pqemu -pl licensing verify"; exit 1; }
[ -d "$module/target/test-classes/io/triad/licensing/dongle" ] || { say "no test classes: build first"; exit 1; }
java_home=${TRIAD_QEMU_JAVA_HOME:-$("$module/../bin/find-jdk.sh" 21)}
[ -x "$java_home/bin/java" ] || { say "no JDK >= 21 found (bin/find-jdk.sh 21)"; exit 1; }

release=$("$here/prepare.sh" "$out" | tail -n 1)
kernel=$out/kernel
moddir=$kernel/lib/modules/$release

# --- initramfs: busybox, /init, the modules (with their dependencies, in load order) and the run's settings
initdir=$out/initramfs
rm -rf "$initdir" && mkdir -p "$initdir/bin" "$initdir/modules"
cp /bin/busybox "$initdir/bin/busybox"
cp "$here/init" "$initdir/init" && chmod +x "$initdir/init"
: >"$initdir/modules.list"
add_module() { # $1 = module name; appends it after its dependencies (modules.dep lists them deepest last)
  local name=$1 line path deps d
  line=$(grep -E "/${name//[-_]/[-_]}\.ko(\.xz)?:" "$moddir/modules.dep" | head -n 1) \
    || { say "module $name not in $moddir/modules.dep"; exit 1; }
  path=${line%%:*}
  deps=${line#*:}
  for d in $(echo "$deps" | tr ' ' '\n' | tac); do
    add_file "$d"
  done
  add_file "$path"
}
add_file() {
  local base
  base=$(basename "$1")
  grep -qx "$base" "$initdir/modules.list" && return 0
  cp "$moddir/$1" "$initdir/modules/$base"
  echo "$base" >>"$initdir/modules.list"
}
for m in virtio_pci virtio_net 9pnet_virtio 9p usbip-core vhci-hcd; do add_module "$m"; done

share=$out/share
rm -rf "$share" && mkdir -p "$share/reports"
cp "$cpfile" "$share/classpath.txt"
cat >"$initdir/triad.env" <<ENV
TRIAD_MODULE='$module'
TRIAD_SHARE='$share'
TRIAD_JAVA_HOME='$java_home'
TRIAD_USBIP_PORT='$port'
TRIAD_USBIP_CONTROL_PORT='$control'
TRIAD_QEMU_SELECT='${TRIAD_QEMU_SELECT:---select-class=io.triad.licensing.dongle.Usb4javaTransportQemuIT}'
LIBUSB_DEBUG='${LIBUSB_DEBUG:-0}'
ENV
(cd "$initdir" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$out/initrd.gz")
say "kernel $release, initramfs with $(wc -l <"$initdir/modules.list") modules: $(tr '\n' ' ' <"$initdir/modules.list")"

# --- the dongle's side: the USB/IP server on the host's loopback (QEMU's user network maps 10.0.2.2 to it)
server_log=$out/usbip-server.log
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "$(cat "$cpfile"):$module/target/test-classes:$module/target/classes" \
  io.triad.licensing.dongle.UsbIpServerMain --bind 127.0.0.1 --port "$port" --control-port "$control" \
  >"$server_log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^READY' "$server_log" && break
  kill -0 $server_pid 2>/dev/null || { cat "$server_log"; say "the USB/IP server did not start"; exit 1; }
  sleep 0.1
done
grep -q '^READY' "$server_log" || { cat "$server_log"; say "the USB/IP server did not get ready"; exit 1; }
say "$(head -n 1 "$server_log")"

# --- the guest
# TCG by default: on the nested-virtualisation machines this was written on, /dev/kvm exists and opens, but a guest
# kernel under it hangs right after the real-mode setup (and -cpu host dies setting MSR 0x10a). TRIAD_QEMU_ACCEL=kvm
# (with TRIAD_QEMU_CPU=host, say) for machines where KVM works.
accel=${TRIAD_QEMU_ACCEL:-tcg}
cpu=()
cpu=(${TRIAD_QEMU_CPU:+-cpu "$TRIAD_QEMU_CPU"})
console=$out/console.log
say "booting the guest (accel $accel, timeout ${timeout_s} s); console in $console"
boot=$(date +%s)
set +e
timeout "$timeout_s" qemu-system-x86_64 -accel "$accel" "${cpu[@]}" -m 2048 -smp 2 -nographic -no-reboot \
  -kernel "$kernel/boot/vmlinuz-$release" -initrd "$out/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=4 panic=-1" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$share,mount_tag=triadshare,security_model=none,multidevs=remap" \
  -netdev user,id=n0 -device virtio-net-pci,netdev=n0 </dev/null 2>&1 | tee "$console"
qemu_status=${PIPESTATUS[0]}
set -e
ended=$(date +%s)

code=$(cat "$share/exit-code" 2>/dev/null || echo "")
say "USB/IP server log:"
sed 's/^/[usbip] /' "$server_log" | tail -n 40
if [ -z "$code" ]; then
  say "the guest ended (qemu status $qemu_status) without a test result after $((ended - boot)) s"
  exit 1
fi
passed=0 failed=0 skipped=0
for r in "$share"/reports/TEST-*.xml; do
  [ -f "$r" ] || continue
  cp "$r" "$out/"
  t=$(grep -o '<testsuite [^>]*' "$r" | head -n 1)
  n=$(echo "$t" | sed -n 's/.* tests="\([0-9]*\)".*/\1/p')
  f=$(echo "$t" | sed -n 's/.* failures="\([0-9]*\)".*/\1/p')
  e=$(echo "$t" | sed -n 's/.* errors="\([0-9]*\)".*/\1/p')
  s=$(echo "$t" | sed -n 's/.* skipped="\([0-9]*\)".*/\1/p')
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${s:-0}))
  passed=$((passed + ${n:-0} - ${f:-0} - ${e:-0} - ${s:-0}))
done
guest_up=$(sed -n 's/.*network up after \([0-9.]*\) s.*/\1/p' "$console" | head -n 1)
say "guest boot to network: ${guest_up:-?} s (guest clock); whole guest run $((ended - boot)) s; total $((ended - started)) s"
say "Usb4javaTransportQemuIT in the guest (exit code $code): reports in $out"
echo "qemu: $passed passed, $failed failed, $skipped skipped"
[ "$code" = 0 ] && [ "$passed" -gt 0 ]

#!/bin/sh
# Runs inside the QEMU guest, chrooted into the host's root (see init): the DongleTransportContract against
# Usb4javaTransport on the guest kernel's USB stack, with the JUnit console launcher on the module's test classpath.
# Usage: guest-test.sh MODULE_DIR SHARE_DIR
module=$1
share=$2
cp=$(cat "$share/classpath.txt"):$module/target/test-classes:$module/target/classes
echo "guest: usbip $(usbip version 2>&1), vhci: $(ls /sys/devices/platform | grep vhci | tr '\n' ' ')"
echo "guest: running the contract on $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -Xshare:auto \
  -Djava.io.tmpdir=/tmp -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
  -cp "$cp" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --details=tree --reports-dir="$share/reports" \
  $TRIAD_QEMU_SELECT
code=$?
echo "guest: dmesg, USB lines:"
dmesg | grep -i -E 'usb|vhci' | tail -n 40
exit $code

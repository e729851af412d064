package io.triad.licensing.dongle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * usb4java on a machine without USB hardware (the build machines have no USB bus at all): the transport either
 * starts and finds no dongle, or refuses to start with a {@link DongleException} that names libusb; nothing else
 * escapes. The real bus is exercised by {@code Usb4javaTransportQemuIT} in a QEMU guest ({@code -Pqemu}).
 */
class Usb4javaTransportTest {
    private static Usb4javaTransport startOrExplain() throws DongleException {
        return new Usb4javaTransport(
                DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofMillis(50));
    }

    @Test
    void startsAndFindsNoDongleOrExplainsThatLibusbIsMissing() throws Exception {
        boolean usbBus = Files.isDirectory(java.nio.file.Path.of("/dev/bus/usb"));
        Usb4javaTransport t;
        try {
            t = startOrExplain();
        } catch (DongleException e) {
            assertThat(usbBus)
                    .as("libusb refused to start although /dev/bus/usb exists: %s", e.getMessage())
                    .isFalse();
            assertThat(e.getMessage()).startsWith("libusb is not available: ").contains("libusb");
            return;
        }
        try (t) {
            assertThat(t.kind()).isEqualTo("usb");
            assertThat(t.scan()).as("no Triad dongle on a build machine").isEmpty();
        }
    }

    @Test
    void aClosedTransportRefusesWorkAndClosesTwiceQuietly() throws Exception {
        Usb4javaTransport t;
        try {
            t = startOrExplain();
        } catch (DongleException e) {
            assertThat(e.getMessage()).startsWith("libusb is not available: ");
            return;
        }
        t.close();
        t.close();
        assertThatThrownBy(t::scan).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void openingAnAddressWithNoDongleSaysItIsNotPluggedIn() throws Exception {
        Usb4javaTransport t;
        try {
            t = startOrExplain();
        } catch (DongleException e) {
            assertThat(e.getMessage()).startsWith("libusb is not available: ");
            return;
        }
        try (t) {
            assertThatThrownBy(() -> t.open(new DongleAddress("usb:250-9.9", "nothing")))
                    .isInstanceOf(DongleException.class)
                    .hasMessageContaining("no longer plugged in");
        }
    }
}

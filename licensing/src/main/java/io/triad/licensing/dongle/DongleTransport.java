package io.triad.licensing.dongle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The seam between the license logic and the USB stack: finds the dongles with the configured vendor and product id
 * and carries vendor control transfers to one of them. Two implementations pass the same contract test: {@link
 * Usb4javaTransport} (libusb, {@link #usb}) and {@link EmulatedTransport} (files, for the demo, development and tests,
 * {@link #emulated}).
 *
 * <p>NOTE: implementations are thread safe; a {@link Session} is used by one thread at a time and holds the dongle
 * exclusively until it is closed, so a challenge and its response are never interleaved with another host thread's.
 */
public interface DongleTransport extends AutoCloseable {

    /**
     * The libusb transport (usb4java): starts a libusb context and the hot-plug (or polling) thread.
     *
     * @param pollInterval how often to compare scans where libusb has no hot-plug support
     * @throws DongleException when libusb cannot be loaded or initialised (no native library for this platform, an
     *     unwritable {@code java.io.tmpdir}, no USB subsystem)
     */
    static DongleTransport usb(int vendorId, int productId, Duration pollInterval) throws DongleException {
        return new Usb4javaTransport(vendorId, productId, pollInterval);
    }

    /**
     * The emulator: every {@link EmulatedDongleFile} in {@code directory} with these vendor and product ids is a
     * plugged-in dongle; the directory is compared every {@code pollInterval} (its hot-plug).
     */
    static DongleTransport emulated(Path directory, int vendorId, int productId, Duration pollInterval) {
        return new EmulatedTransport(directory, vendorId, productId, pollInterval);
    }

    /**
     * The transport of a USB stack that could not start: every scan fails with {@code reason}, so the license state
     * says why and the appliance runs on.
     *
     * @param kind the transport that failed ({@code usb})
     * @param reason why, as the failed transport said it
     */
    static DongleTransport unavailable(String kind, String reason) {
        return new UnavailableTransport(kind, reason);
    }

    /** A short name for logs and the API: {@code usb} or {@code emulated}. */
    String kind();

    /**
     * The dongles present now.
     *
     * @throws DongleException when the bus cannot be listed (libusb missing, no permission on the bus)
     */
    List<DongleAddress> scan() throws DongleException;

    /**
     * Opens one dongle for a sequence of transfers.
     *
     * @throws DongleException when it is gone, or cannot be opened (permissions, claimed by another process)
     */
    Session open(DongleAddress address) throws DongleException;

    /**
     * Calls {@code listener} (on a transport thread) whenever a dongle may have arrived or left: from hot-plug events
     * where the stack has them, else from polling. Listeners must return quickly.
     */
    void onChange(Runnable listener);

    /** Releases the USB context and stops the hot-plug or polling thread. */
    @Override
    void close();

    /** An open dongle; see {@link DongleProtocol} for the requests. */
    interface Session extends AutoCloseable {

        /**
         * A vendor control transfer from the device ({@code bmRequestType 0xC0}).
         *
         * @return the bytes the device sent (at most {@code length})
         * @throws DongleException when the device refused (STALL), timed out or was unplugged
         */
        byte[] controlIn(int request, int value, int index, int length) throws DongleException;

        /**
         * A vendor control transfer to the device ({@code bmRequestType 0x40}).
         *
         * @throws DongleException when the device refused (STALL), timed out or was unplugged
         */
        void controlOut(int request, int value, int index, byte[] data) throws DongleException;

        @Override
        void close();
    }
}

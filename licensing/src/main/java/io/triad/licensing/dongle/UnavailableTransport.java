package io.triad.licensing.dongle;

import java.util.List;
import java.util.Objects;

/**
 * The transport of a USB stack that could not start (libusb missing, no permission on the bus): every scan fails with
 * the reason, so the license state says why and the appliance runs on (license trouble never stops data flow).
 *
 * <p>NOTE: immutable and thread safe.
 */
final class UnavailableTransport implements DongleTransport {
    private final String kind;
    private final String reason;

    /**
     * @param kind the transport that failed ({@code usb})
     * @param reason why, as the failed transport said it
     */
    UnavailableTransport(String kind, String reason) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<DongleAddress> scan() throws DongleException {
        throw new DongleException(reason);
    }

    @Override
    public Session open(DongleAddress address) throws DongleException {
        throw new DongleException(reason);
    }

    @Override
    public void onChange(Runnable listener) {}

    @Override
    public void close() {}
}

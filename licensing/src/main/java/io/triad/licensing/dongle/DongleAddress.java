package io.triad.licensing.dongle;

import java.util.Objects;

/**
 * Where one dongle is plugged in, as its transport names it: {@code usb:1-1.2} for libusb (bus and port path),
 * {@code emulated:<file>} for the emulator.
 *
 * @param id stable while the dongle stays in the same port
 * @param description a line for logs and the UI (bus, address, product)
 */
public record DongleAddress(String id, String description) {
    public DongleAddress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
    }
}

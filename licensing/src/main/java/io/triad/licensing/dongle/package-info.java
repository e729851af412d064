/**
 * The site dongle: its USB protocol, the device side that answers it (the package-private {@code DongleDevice}), the
 * host side ({@link io.triad.licensing.dongle.DongleClient}), and the transport seam between them with its two
 * implementations, libusb through usb4java and an emulator backed by files.
 *
 * <p>The module's API here: {@link io.triad.licensing.dongle.DongleTransport} (the seam, with the factories {@code
 * usb}, {@code emulated} and {@code unavailable}; its implementations are package-private), {@link
 * io.triad.licensing.dongle.DongleAddress}, {@link io.triad.licensing.dongle.DongleException}, {@link
 * io.triad.licensing.dongle.DongleProtocol} (the protocol's constants and default USB ids) and {@link
 * io.triad.licensing.dongle.EmulatedDongleFile} (the emulated dongle's file, for {@code triad dongle}). {@code
 * DongleClient} and {@link io.triad.licensing.dongle.DongleInfo} are public for the attestor in {@code attest} only.
 */
@NullMarked
package io.triad.licensing.dongle;

import org.jspecify.annotations.NullMarked;

/**
 * The site dongle: its USB protocol ({@link io.triad.licensing.dongle.DongleProtocol}, the device side in
 * {@link io.triad.licensing.dongle.DongleDevice}), the transport seam {@link io.triad.licensing.dongle.DongleTransport}
 * with its two implementations (libusb through usb4java, and an emulator backed by files), and the host side of the
 * protocol in {@link io.triad.licensing.dongle.DongleClient}.
 */
@NullMarked
package io.triad.licensing.dongle;

import org.jspecify.annotations.NullMarked;

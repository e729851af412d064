/**
 * A USB/IP server that plays {@link io.triad.licensing.dongle.DongleDevice}s over TCP, so a Linux kernel (a QEMU
 * guest's vhci-hcd) enumerates an emulated dongle as real USB hardware; the wire format is the kernel's
 * {@code Documentation/usb/usbip_protocol.rst}.
 */
@NullMarked
package io.triad.licensing.usbip;

import org.jspecify.annotations.NullMarked;

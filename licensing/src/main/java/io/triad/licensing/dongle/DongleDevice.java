package io.triad.licensing.dongle;

import io.triad.licensing.crypto.Ed25519;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The device side of the dongle: what the key itself answers to a USB control setup packet on endpoint 0, standard
 * requests (USB 2.0 section 9.4: descriptors, configuration, status) and the vendor requests of {@link
 * DongleProtocol}. The emulator and the USB/IP server of the tests both play the dongle through this class, so the
 * bytes on the wire are the same.
 *
 * <p>NOTE: thread safe; a challenge is remembered until its response is read or the next challenge replaces it.
 */
final class DongleDevice {
    /** A request the device does not support: the host sees a STALL (libusb {@code LIBUSB_ERROR_PIPE}). */
    public static final class Stall extends Exception {
        private static final long serialVersionUID = 1L;

        Stall(String message) {
            super(message);
        }
    }

    /**
     * One control transfer's setup packet (USB 2.0 section 9.3).
     *
     * @param requestType {@code bmRequestType}
     * @param request {@code bRequest}
     * @param value {@code wValue}
     * @param index {@code wIndex}
     * @param length {@code wLength}
     */
    public record Setup(int requestType, int request, int value, int index, int length) {
        /** Reads the 8 bytes of a setup packet (little-endian words). */
        public static Setup of(byte[] packet) {
            if (packet.length != 8) {
                throw new IllegalArgumentException("a setup packet is 8 bytes; got " + packet.length);
            }
            ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
            return new Setup(
                    b.get() & 0xff,
                    b.get() & 0xff,
                    b.getShort() & 0xffff,
                    b.getShort() & 0xffff,
                    b.getShort() & 0xffff);
        }

        /** The 8 bytes of this setup packet. */
        public byte[] encode() {
            return ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .put((byte) requestType)
                    .put((byte) request)
                    .putShort((short) value)
                    .putShort((short) index)
                    .putShort((short) length)
                    .array();
        }

        /** Whether data flows from the device to the host. */
        public boolean in() {
            return (requestType & 0x80) != 0;
        }
    }

    private static final String MANUFACTURER = "Triad";
    private static final String PRODUCT = "Triad site dongle";

    private final DongleInfo info;
    private final PrivateKey privateKey;
    private final byte[] license;
    private final int vendorId;
    private final int productId;
    private byte @Nullable [] pendingNonce;
    private int configuration;

    /**
     * @param info what GET_INFO reports; its license size must be {@code license.length}
     * @param privateKey the dongle's Ed25519 private key (matching {@code info.publicKey()})
     * @param license the stored license document (may be empty)
     */
    public DongleDevice(DongleInfo info, PrivateKey privateKey, byte[] license, int vendorId, int productId) {
        this.info = Objects.requireNonNull(info, "info");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (info.licenseBytes() != license.length) {
            throw new IllegalArgumentException(
                    "info says " + info.licenseBytes() + " license bytes; got " + license.length);
        }
        this.license = license.clone();
        this.vendorId = vendorId;
        this.productId = productId;
    }

    public DongleInfo info() {
        return info;
    }

    public int vendorId() {
        return vendorId;
    }

    public int productId() {
        return productId;
    }

    /**
     * Answers one control transfer.
     *
     * @param data the OUT data stage (empty for IN transfers)
     * @return the IN data stage, at most {@code setup.length()} bytes (empty for OUT transfers)
     * @throws Stall when the request is not supported or its arguments are wrong
     */
    public byte[] control(Setup setup, byte[] data) throws Stall {
        int type = setup.requestType() & 0x60;
        byte[] answer = switch (type) {
            case 0x00 -> standard(setup);
            case 0x40 -> vendor(setup, data);
            default -> throw new Stall("class requests are not supported");
        };
        return answer.length > setup.length() ? Arrays.copyOf(answer, setup.length()) : answer;
    }

    private byte[] standard(Setup s) throws Stall {
        return switch (s.request()) {
            case 0x00 -> new byte[2]; // GET_STATUS: bus powered, no remote wake-up
            case 0x06 -> descriptor(s.value() >> 8, s.value() & 0xff);
            case 0x08 -> new byte[] {(byte) configuration()}; // GET_CONFIGURATION
            case 0x09 -> { // SET_CONFIGURATION
                if (s.value() > 1) {
                    throw new Stall("no configuration " + s.value());
                }
                setConfiguration(s.value());
                yield new byte[0];
            }
            case 0x0a -> new byte[1]; // GET_INTERFACE: alternate setting 0
            case 0x0b, 0x01, 0x03 -> new byte[0]; // SET_INTERFACE, CLEAR_FEATURE, SET_FEATURE
            default -> throw new Stall("standard request " + s.request() + " is not supported");
        };
    }

    private synchronized int configuration() {
        return configuration;
    }

    private synchronized void setConfiguration(int c) {
        configuration = c;
    }

    /** The descriptors of a vendor-specific full-speed device with one configuration and one empty interface. */
    private byte[] descriptor(int type, int index) throws Stall {
        return switch (type) {
            case 1 -> deviceDescriptor();
            case 2 -> configurationDescriptor();
            case 3 -> stringDescriptor(index);
            default -> throw new Stall("no descriptor of type " + type);
        };
    }

    /** The 18-byte device descriptor (USB 2.0 table 9-8). */
    public byte[] deviceDescriptor() {
        String[] fw = info.firmware().split("\\.", 2);
        int bcdDevice = (Integer.parseInt(fw[0]) << 8) | (Integer.parseInt(fw[1]) & 0xff);
        return ByteBuffer.allocate(18)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 18)
                .put((byte) 1)
                .putShort((short) 0x0200)
                .put((byte) 0xff)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 64)
                .putShort((short) vendorId)
                .putShort((short) productId)
                .putShort((short) bcdDevice)
                .put((byte) 1)
                .put((byte) 2)
                .put((byte) 3)
                .put((byte) 1)
                .array();
    }

    /** The configuration descriptor followed by its interface descriptor (USB 2.0 tables 9-10 and 9-12). */
    public byte[] configurationDescriptor() {
        return ByteBuffer.allocate(18)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 9)
                .put((byte) 2)
                .putShort((short) 18)
                .put((byte) 1)
                .put((byte) 1)
                .put((byte) 0)
                .put((byte) 0x80)
                .put((byte) 50)
                .put((byte) 9)
                .put((byte) 4)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0xff)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .array();
    }

    private byte[] stringDescriptor(int index) throws Stall {
        if (index == 0) {
            return new byte[] {4, 3, 0x09, 0x04}; // LANGID en-US
        }
        String s = switch (index) {
            case 1 -> MANUFACTURER;
            case 2 -> PRODUCT;
            case 3 -> info.serial();
            default -> throw new Stall("no string descriptor " + index);
        };
        byte[] utf16 = s.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[2 + utf16.length];
        out[0] = (byte) out.length;
        out[1] = 3;
        System.arraycopy(utf16, 0, out, 2, utf16.length);
        return out;
    }

    private byte[] vendor(Setup s, byte[] data) throws Stall {
        boolean in = s.in();
        switch (s.request()) {
            case DongleProtocol.GET_INFO -> {
                requireDirection(s, in, true);
                return info.encode();
            }
            case DongleProtocol.GET_LICENSE -> {
                requireDirection(s, in, true);
                long from = (long) s.index() * DongleProtocol.CHUNK_BYTES;
                if (from > license.length) {
                    throw new Stall("license chunk " + s.index() + " is past the end (" + license.length + " bytes)");
                }
                int to = (int) Math.min(license.length, from + DongleProtocol.CHUNK_BYTES);
                return Arrays.copyOfRange(license, (int) from, to);
            }
            case DongleProtocol.CHALLENGE -> {
                requireDirection(s, in, false);
                if (data.length != DongleProtocol.NONCE_BYTES) {
                    throw new Stall(
                            "a challenge nonce is " + DongleProtocol.NONCE_BYTES + " bytes; got " + data.length);
                }
                synchronized (this) {
                    pendingNonce = data.clone();
                }
                return new byte[0];
            }
            case DongleProtocol.GET_RESPONSE -> {
                requireDirection(s, in, true);
                byte[] nonce;
                synchronized (this) {
                    nonce = pendingNonce;
                    pendingNonce = null;
                }
                if (nonce == null) {
                    throw new Stall("GET_RESPONSE without a pending CHALLENGE");
                }
                return Ed25519.sign(privateKey, DongleProtocol.signedMessage(info.serial(), nonce));
            }
            default ->
                throw new Stall("vendor request " + DongleProtocol.requestName(s.request()) + " is not supported");
        }
    }

    private static void requireDirection(Setup s, boolean in, boolean wantIn) throws Stall {
        if (in != wantIn) {
            throw new Stall(DongleProtocol.requestName(s.request()) + " must be " + (wantIn ? "IN" : "OUT"));
        }
    }
}

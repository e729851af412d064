package io.triad.licensing.dongle;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The messages of the USB/IP protocol version 1.1.1 ({@code Documentation/usb/usbip_protocol.rst} of the Linux
 * kernel), big-endian: the operation header of OP_REQ_DEVLIST / OP_REQ_IMPORT and their replies, and the 48-byte
 * headers of USBIP_CMD_SUBMIT, USBIP_RET_SUBMIT, USBIP_CMD_UNLINK and USBIP_RET_UNLINK.
 *
 * <p>NOTE: stateless; every method reads or writes one message on the given stream.
 */
final class UsbIpWire {
    /** The protocol version in every operation header. */
    static final int VERSION = 0x0111;

    static final int OP_REQ_DEVLIST = 0x8005;
    static final int OP_REP_DEVLIST = 0x0005;
    static final int OP_REQ_IMPORT = 0x8003;
    static final int OP_REP_IMPORT = 0x0003;

    static final int CMD_SUBMIT = 1;
    static final int CMD_UNLINK = 2;
    static final int RET_SUBMIT = 3;
    static final int RET_UNLINK = 4;

    static final int DIR_OUT = 0;
    static final int DIR_IN = 1;

    /** {@code number_of_packets} of a transfer that is not isochronous. */
    static final int NOT_ISO = 0xffffffff;

    /** {@code USBIP_URB_SHORT_NOT_OK}: a short IN transfer is an error. */
    static final int URB_SHORT_NOT_OK = 0x0001;

    /** Linux errno values that a RET_SUBMIT status carries, negated. */
    static final int EPIPE = 32;

    static final int EREMOTEIO = 121;
    static final int ECONNRESET = 104;

    /** {@code USB_SPEED_FULL} of the kernel's {@code enum usb_device_speed}. */
    static final int SPEED_FULL = 2;

    static final int PATH_BYTES = 256;
    static final int BUSID_BYTES = 32;

    /** The largest transfer buffer the server accepts (a control transfer's wLength is 16 bits). */
    static final int MAX_TRANSFER_BYTES = 65_535;

    private UsbIpWire() {}

    /** The first 8 bytes of an operation: version, code, status. */
    record OpHeader(int version, int code, int status) {
        static OpHeader read(DataInputStream in) throws IOException {
            return new OpHeader(in.readUnsignedShort(), in.readUnsignedShort(), in.readInt());
        }

        void write(DataOutputStream out) throws IOException {
            out.writeShort(version);
            out.writeShort(code);
            out.writeInt(status);
        }
    }

    /**
     * What OP_REP_DEVLIST and OP_REP_IMPORT say about one exported device.
     *
     * @param interfaces class, subclass and protocol of each interface of the active configuration
     */
    record DeviceSummary(
            String path,
            String busid,
            int busnum,
            int devnum,
            int speed,
            int idVendor,
            int idProduct,
            int bcdDevice,
            int deviceClass,
            int deviceSubClass,
            int deviceProtocol,
            int configurationValue,
            int numConfigurations,
            int[][] interfaces) {

        /** The 312 bytes that both replies share. */
        void write(DataOutputStream out) throws IOException {
            writeFixed(out, path, PATH_BYTES);
            writeFixed(out, busid, BUSID_BYTES);
            out.writeInt(busnum);
            out.writeInt(devnum);
            out.writeInt(speed);
            out.writeShort(idVendor);
            out.writeShort(idProduct);
            out.writeShort(bcdDevice);
            out.writeByte(deviceClass);
            out.writeByte(deviceSubClass);
            out.writeByte(deviceProtocol);
            out.writeByte(configurationValue);
            out.writeByte(numConfigurations);
            out.writeByte(interfaces.length);
        }

        /** The interface list that follows a device in OP_REP_DEVLIST (4 bytes each). */
        void writeInterfaces(DataOutputStream out) throws IOException {
            for (int[] i : interfaces) {
                out.writeByte(i[0]);
                out.writeByte(i[1]);
                out.writeByte(i[2]);
                out.writeByte(0);
            }
        }
    }

    /**
     * USBIP_CMD_SUBMIT: the 48-byte header and, for OUT transfers, its data.
     *
     * @param setup the 8 setup bytes (zeros when the endpoint is not a control endpoint)
     * @param data the OUT data ({@code transferBufferLength} bytes), empty for IN
     */
    record Submit(
            int seqnum,
            int devid,
            int direction,
            int ep,
            int transferFlags,
            int transferBufferLength,
            int numberOfPackets,
            byte[] setup,
            byte[] data) {
        boolean in() {
            return direction == DIR_IN;
        }

        boolean iso() {
            return numberOfPackets != NOT_ISO && numberOfPackets != 0;
        }
    }

    /** USBIP_CMD_UNLINK. */
    record Unlink(int seqnum, int devid, int unlinkSeqnum) {}

    /**
     * Reads one command after the import (a header's first word tells which).
     *
     * @return a {@link Submit} or an {@link Unlink}
     * @throws IOException when the command is unknown or its lengths are out of range (the connection is then
     *     beyond repair: the next header's position is unknown)
     */
    static Object readCommand(DataInputStream in) throws IOException {
        int command = in.readInt();
        int seqnum = in.readInt();
        int devid = in.readInt();
        int direction = in.readInt();
        int ep = in.readInt();
        switch (command) {
            case CMD_SUBMIT -> {
                int flags = in.readInt();
                int length = in.readInt();
                in.readInt(); // start_frame
                int packets = in.readInt();
                in.readInt(); // interval
                byte[] setup = new byte[8];
                in.readFully(setup);
                if (length < 0 || length > MAX_TRANSFER_BYTES) {
                    throw new IOException("CMD_SUBMIT " + seqnum + ": transfer_buffer_length " + (length & 0xffffffffL)
                            + " is out of range (0 to " + MAX_TRANSFER_BYTES + ")");
                }
                if (direction != DIR_IN && direction != DIR_OUT) {
                    throw new IOException("CMD_SUBMIT " + seqnum + ": direction " + direction + " is neither 0 nor 1");
                }
                byte[] data = new byte[direction == DIR_OUT ? length : 0];
                in.readFully(data);
                Submit s = new Submit(seqnum, devid, direction, ep, flags, length, packets, setup, data);
                if (s.iso()) {
                    if (packets < 0 || packets > 1024) {
                        throw new IOException("CMD_SUBMIT " + seqnum + ": " + packets + " ISO packets (at most 1024)");
                    }
                    in.readFully(new byte[16 * packets]); // iso_packet_descriptors: not supported, skipped
                }
                return s;
            }
            case CMD_UNLINK -> {
                int unlink = in.readInt();
                in.readFully(new byte[24]);
                return new Unlink(seqnum, devid, unlink);
            }
            default ->
                throw new IOException("unknown USB/IP command " + command + " (seqnum " + seqnum
                        + "); expected CMD_SUBMIT (1) or CMD_UNLINK (2)");
        }
    }

    /** USBIP_RET_SUBMIT with the IN data (empty for OUT or an error). */
    static void writeRetSubmit(DataOutputStream out, int seqnum, int status, int actualLength, byte[] inData)
            throws IOException {
        out.writeInt(RET_SUBMIT);
        out.writeInt(seqnum);
        out.writeInt(0); // devid, direction, ep: zero from the server
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(status);
        out.writeInt(actualLength);
        out.writeInt(0); // start_frame
        out.writeInt(NOT_ISO);
        out.writeInt(0); // error_count
        out.write(new byte[8]);
        out.write(inData);
    }

    /** USBIP_RET_UNLINK. */
    static void writeRetUnlink(DataOutputStream out, int seqnum, int status) throws IOException {
        out.writeInt(RET_UNLINK);
        out.writeInt(seqnum);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(status);
        out.write(new byte[24]);
    }

    /** A zero-terminated ASCII field of {@code size} bytes. */
    static void writeFixed(DataOutputStream out, String s, int size) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= size) {
            throw new IllegalArgumentException("'" + s + "' does not fit in " + size + " bytes with its zero byte");
        }
        out.write(b);
        out.write(new byte[size - b.length]);
    }

    /** Reads a zero-terminated field of {@code size} bytes. */
    static String readFixed(DataInputStream in, int size) throws IOException {
        byte[] b = new byte[size];
        in.readFully(b);
        int end = 0;
        while (end < size && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.US_ASCII);
    }
}

package io.triad.licensing.dongle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.licensing.crypto.Ed25519;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Speaks USB/IP to the server from a plain socket on loopback, byte by byte as {@code Documentation/usb/
 * usbip_protocol.rst} lays the messages out (the client side is written here independently of {@link UsbIpWire}).
 */
class UsbIpServerTest {
    private static final byte[] LICENSE = "a license".getBytes(StandardCharsets.US_ASCII);

    private EmulatedDongleFile file;
    private DongleDevice device;
    private UsbIpServer server;

    @BeforeEach
    void start() throws Exception {
        file = EmulatedDongleFile.create(
                "TRD-USBIP-1", LICENSE, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
        device = file.device();
        server = UsbIpServer.start(InetAddress.getLoopbackAddress(), 0);
        server.plug("1-1", device);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What came back for one CMD_SUBMIT. */
    private record Ret(int command, int seqnum, int status, int actualLength, int numberOfPackets, byte[] data) {}

    private final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;
        int seqnum = 1;

        Client() throws IOException {
            socket = new Socket(
                    InetAddress.getLoopbackAddress(), server.address().getPort());
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void op(int code, String busid) throws IOException {
            out.writeShort(0x0111);
            out.writeShort(code);
            out.writeInt(0);
            if (busid != null) {
                byte[] b = Arrays.copyOf(busid.getBytes(StandardCharsets.US_ASCII), 32);
                out.write(b);
            }
            out.flush();
        }

        /** OP_REQ_IMPORT; returns the reply's status after checking its header and bus id. */
        int importDevice(String busid) throws IOException {
            op(0x8003, busid);
            assertThat(in.readUnsignedShort()).isEqualTo(0x0111);
            assertThat(in.readUnsignedShort()).isEqualTo(0x0003);
            int status = in.readInt();
            if (status == 0) {
                in.readFully(new byte[256]); // path
                assertThat(fixed(32)).isEqualTo(busid);
                assertThat(in.readInt()).as("busnum").isEqualTo(1);
                assertThat(in.readInt()).as("devnum").isEqualTo(1);
                assertThat(in.readInt()).as("speed (full)").isEqualTo(2);
                assertThat(in.readUnsignedShort()).isEqualTo(0x1209);
                assertThat(in.readUnsignedShort()).isEqualTo(0x7a1d);
                in.readFully(new byte[2 + 6]); // bcdDevice, class, subclass, protocol, config, #configs, #interfaces
            }
            return status;
        }

        /** CMD_SUBMIT on endpoint 0. */
        Ret control(int requestType, int request, int value, int index, int length, byte[] outData) throws IOException {
            int seq = seqnum++;
            boolean in = (requestType & 0x80) != 0;
            out.writeInt(1); // CMD_SUBMIT
            out.writeInt(seq);
            out.writeInt((1 << 16) | 2); // devid
            out.writeInt(in ? 1 : 0);
            out.writeInt(0); // ep
            out.writeInt(0); // transfer_flags
            out.writeInt(in ? length : outData.length);
            out.writeInt(0); // start_frame
            out.writeInt(0xffffffff); // number_of_packets: not ISO
            out.writeInt(0); // interval
            out.write(new DongleDevice.Setup(requestType, request, value, index, length).encode());
            if (!in) {
                out.write(outData);
            }
            out.flush();
            return ret();
        }

        Ret ret() throws IOException {
            int command = this.in.readInt();
            int seq = this.in.readInt();
            assertThat(new int[] {this.in.readInt(), this.in.readInt(), this.in.readInt()})
                    .as("devid, direction, ep from the server")
                    .containsExactly(0, 0, 0);
            int status = this.in.readInt();
            int actual = this.in.readInt();
            this.in.readInt(); // start_frame
            int packets = this.in.readInt();
            this.in.readInt(); // error_count
            this.in.readFully(new byte[8]);
            return new Ret(command, seq, status, actual, packets, new byte[0]);
        }

        Ret controlIn(int request, int value, int index, int length) throws IOException {
            Ret r = control(0xc0, request, value, index, length, new byte[0]);
            return withData(r);
        }

        Ret withData(Ret r) throws IOException {
            byte[] data = new byte[r.actualLength()];
            in.readFully(data);
            return new Ret(r.command(), r.seqnum(), r.status(), r.actualLength(), r.numberOfPackets(), data);
        }

        String fixed(int size) throws IOException {
            byte[] b = new byte[size];
            in.readFully(b);
            int end = 0;
            while (end < size && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void devlistDescribesThePluggedInDongleAndItsVendorInterface() throws Exception {
        try (Client c = new Client()) {
            c.op(0x8005, null);
            assertThat(c.in.readUnsignedShort()).isEqualTo(0x0111);
            assertThat(c.in.readUnsignedShort()).isEqualTo(0x0005);
            assertThat(c.in.readInt()).as("status").isZero();
            assertThat(c.in.readInt()).as("devices").isEqualTo(1);
            assertThat(c.fixed(256)).startsWith("/sys/");
            assertThat(c.fixed(32)).isEqualTo("1-1");
            assertThat(new int[] {c.in.readInt(), c.in.readInt(), c.in.readInt()})
                    .containsExactly(1, 1, 2);
            assertThat(c.in.readUnsignedShort()).isEqualTo(DongleProtocol.DEFAULT_VENDOR_ID);
            assertThat(c.in.readUnsignedShort()).isEqualTo(DongleProtocol.DEFAULT_PRODUCT_ID);
            assertThat(c.in.readUnsignedShort()).as("bcdDevice of firmware 1.0").isEqualTo(0x0100);
            byte[] b = new byte[6 + 4];
            c.in.readFully(b);
            assertThat(b)
                    .as("class, subclass, protocol, configuration, #configurations, #interfaces, interface 0")
                    .containsExactly(0xff, 0, 0, 1, 1, 1, 0xff, 0, 0, 0);
            assertThat(c.in.read()).as("end of the reply").isEqualTo(-1);
        }
    }

    @Test
    void importedDongleAnswersGetDescriptorWithItsDeviceDescriptor() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-1")).isZero();
            assertThat(server.imported("1-1")).isTrue();
            Ret r = c.withData(c.control(0x80, 0x06, 0x0100, 0, 64, new byte[0]));
            assertThat(r.command()).as("RET_SUBMIT").isEqualTo(3);
            assertThat(r.seqnum()).isEqualTo(1);
            assertThat(r.status()).isZero();
            assertThat(r.numberOfPackets()).isEqualTo(0xffffffff);
            assertThat(r.data()).isEqualTo(device.deviceDescriptor()).hasSize(18);
            Ret first8 = c.withData(c.control(0x80, 0x06, 0x0100, 0, 8, new byte[0]));
            assertThat(first8.data()).isEqualTo(Arrays.copyOf(device.deviceDescriptor(), 8));
        }
    }

    @Test
    void vendorRequestsReachTheDongle() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-1")).isZero();
            Ret info = c.controlIn(DongleProtocol.GET_INFO, 0, 0, DongleProtocol.INFO_MAX_BYTES);
            assertThat(info.status()).isZero();
            assertThat(DongleInfo.decode(info.data())).isEqualTo(device.info());
            assertThat(c.controlIn(DongleProtocol.GET_LICENSE, 0, 0, DongleProtocol.CHUNK_BYTES)
                            .data())
                    .isEqualTo(LICENSE);

            byte[] nonce = new byte[DongleProtocol.NONCE_BYTES];
            Arrays.fill(nonce, (byte) 7);
            Ret challenge = c.control(0x40, DongleProtocol.CHALLENGE, 0, 0, nonce.length, nonce);
            assertThat(challenge.status()).isZero();
            assertThat(challenge.actualLength()).isEqualTo(nonce.length);
            Ret sig = c.controlIn(DongleProtocol.GET_RESPONSE, 0, 0, DongleProtocol.SIGNATURE_BYTES);
            assertThat(Ed25519.verify(
                            Ed25519.publicKey(file.publicKeyBytes()),
                            DongleProtocol.signedMessage("TRD-USBIP-1", nonce),
                            sig.data()))
                    .isTrue();
        }
    }

    @Test
    void refusedRequestsAnswerEpipeAndTheDeviceGoesOn() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-1")).isZero();
            Ret stall = c.controlIn(0x7f, 0, 0, 16);
            assertThat(stall.status()).as("-EPIPE").isEqualTo(-32);
            assertThat(stall.actualLength()).isZero();
            assertThat(c.controlIn(DongleProtocol.GET_RESPONSE, 0, 0, 64).status())
                    .as("GET_RESPONSE without a challenge")
                    .isEqualTo(-32);
            assertThat(c.controlIn(DongleProtocol.GET_INFO, 0, 0, 512).status()).isZero();
        }
    }

    @Test
    void unlinkOfAnAnsweredUrbAnswersStatusZero() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-1")).isZero();
            c.controlIn(DongleProtocol.GET_INFO, 0, 0, 512);
            c.out.writeInt(2); // CMD_UNLINK
            c.out.writeInt(9);
            c.out.writeInt((1 << 16) | 2);
            c.out.writeInt(0);
            c.out.writeInt(0);
            c.out.writeInt(1); // unlink_seqnum
            c.out.write(new byte[24]);
            c.out.flush();
            assertThat(c.in.readInt()).as("RET_UNLINK").isEqualTo(4);
            assertThat(c.in.readInt()).isEqualTo(9);
            c.in.readFully(new byte[12]);
            assertThat(c.in.readInt()).as("status").isZero();
            c.in.readFully(new byte[24]);
        }
    }

    @Test
    void importOfAnEmptyPortOrATakenDeviceIsRefused() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-2")).isEqualTo(1);
        }
        try (Client first = new Client();
                Client second = new Client()) {
            assertThat(first.importDevice("1-1")).isZero();
            assertThat(second.importDevice("1-1")).isEqualTo(1);
        }
    }

    @Test
    void unplugClosesTheImportConnectionAndEmptiesTheList() throws Exception {
        try (Client c = new Client()) {
            assertThat(c.importDevice("1-1")).isZero();
            assertThat(server.unplug("1-1")).isTrue();
            assertThatThrownBy(() -> c.controlIn(DongleProtocol.GET_INFO, 0, 0, 512))
                    .isInstanceOfAny(EOFException.class, IOException.class);
        }
        try (Client c = new Client()) {
            c.op(0x8005, null);
            c.in.readFully(new byte[8]);
            assertThat(c.in.readInt()).as("devices").isZero();
        }
        assertThat(server.unplug("1-1")).isFalse();
    }

    @Test
    void theControlPortPlugsAGuestsDongle() throws Exception {
        server.unplug("1-1");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(json, file);
        String b64 = java.util.Base64.getEncoder().encodeToString(json.toByteArray());
        assertThat(UsbIpServerMain.answer("PLUG 1-1 " + b64, server)).isEqualTo("OK plugged TRD-USBIP-1 as 1-1");
        assertThat(server.busIds()).containsExactly("1-1");
        assertThat(UsbIpServerMain.answer("STATUS 1-1", server)).isEqualTo("OK plugged idle");
        assertThat(UsbIpServerMain.answer("PLUG 1-1 bm90IGpzb24=", server)).startsWith("ERR ");
        assertThat(UsbIpServerMain.answer("UNPLUG 1-1", server)).isEqualTo("OK unplugged");
        assertThat(UsbIpServerMain.answer("EJECT", server)).startsWith("ERR unknown command");
    }
}

package io.triad.licensing.dongle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A USB/IP server (the "usb host" side of {@code Documentation/usb/usbip_protocol.rst}) whose exported devices are
 * {@link DongleDevice}s: OP_REQ_DEVLIST lists them, OP_REQ_IMPORT attaches one to the connection, and then every
 * USBIP_CMD_SUBMIT on endpoint 0 is answered by {@link DongleDevice#control}; a {@link DongleDevice.Stall} becomes
 * status {@code -EPIPE}, which the importing kernel reports as a STALL. Other endpoints and isochronous transfers
 * STALL too (the dongle has none). Commands are answered in order, so a CMD_UNLINK always finds its URB done and is
 * answered with status 0.
 *
 * <p>{@link #unplug} is the cable being pulled: the device leaves the list and its import connection is closed, on
 * which the importing kernel disconnects it.
 *
 * <p>NOTE: thread safe; one thread accepts, one thread serves each connection. {@link #close} stops accepting and
 * closes every connection.
 */
public final class UsbIpServer implements AutoCloseable {
    /** The port {@code usbip attach} connects to unless told otherwise. */
    public static final int DEFAULT_PORT = 3240;

    private static final Logger LOG = LoggerFactory.getLogger(UsbIpServer.class);
    private static final Pattern BUSID = Pattern.compile("[1-9][0-9]{0,2}-[1-9][0-9]{0,2}");

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, DongleDevice> exports = new ConcurrentHashMap<>();
    private final Map<String, Socket> imported = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private UsbIpServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::accept, "usbip-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code bind}:{@code port} ({@code port} 0: any free port).
     *
     * @throws IOException when the port is taken
     */
    public static UsbIpServer start(InetAddress bind, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            s.close();
            throw new IOException(
                    "cannot listen for USB/IP on " + bind.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        UsbIpServer u = new UsbIpServer(s);
        u.acceptor.start();
        return u;
    }

    /** Where the server listens. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Exports {@code device} as bus id {@code busid} ({@code bus-port}, e.g. {@code 1-1}), replacing (and unplugging)
     * a device already there.
     */
    public void plug(String busid, DongleDevice device) {
        if (!BUSID.matcher(busid).matches()) {
            throw new IllegalArgumentException("a bus id is bus-port such as 1-1; got '" + busid + "'");
        }
        Objects.requireNonNull(device, "device");
        unplug(busid);
        exports.put(busid, device);
        LOG.info("plugged {} in as {}", device.info().serial(), busid);
    }

    /**
     * Pulls the device at {@code busid} out: it is no longer listed or importable, and the connection that imported
     * it is closed.
     *
     * @return whether a device was plugged in there
     */
    public boolean unplug(String busid) {
        DongleDevice d = exports.remove(busid);
        Socket s = imported.remove(busid);
        if (s != null) {
            closeQuietly(s);
        }
        if (d != null) {
            LOG.info(
                    "unplugged {} from {}{}", d.info().serial(), busid, s != null ? " (import connection closed)" : "");
        }
        return d != null;
    }

    /** Whether a client has imported the device at {@code busid} and its connection is open. */
    public boolean imported(String busid) {
        Socket s = imported.get(busid);
        return s != null && !s.isClosed();
    }

    /** The exported bus ids, sorted. */
    public List<String> busIds() {
        return new ArrayList<>(new TreeMap<>(exports).keySet());
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("USB/IP accept failed; the server stops: {}", e.getMessage());
                }
                return;
            }
            connections.add(s);
            Thread t = new Thread(() -> serve(s), "usbip-conn-" + s.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        String busid = null;
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            UsbIpWire.OpHeader op = UsbIpWire.OpHeader.read(in);
            if (op.version() != UsbIpWire.VERSION) {
                LOG.warn(
                        "{}: USB/IP version 0x{} is not supported (expected 0x0111); closing",
                        s.getRemoteSocketAddress(),
                        Integer.toHexString(op.version()));
                return;
            }
            switch (op.code()) {
                case UsbIpWire.OP_REQ_DEVLIST -> devlist(out);
                case UsbIpWire.OP_REQ_IMPORT -> {
                    busid = UsbIpWire.readFixed(in, UsbIpWire.BUSID_BYTES);
                    DongleDevice device = importDevice(s, busid, out);
                    if (device != null) {
                        urbs(s, device, busid, in, out);
                    }
                }
                default ->
                    LOG.warn(
                            "{}: unknown USB/IP operation 0x{}; closing",
                            s.getRemoteSocketAddress(),
                            Integer.toHexString(op.code()));
            }
        } catch (EOFException | SocketException e) {
            LOG.debug("{}: connection ended: {}", s.getRemoteSocketAddress(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: USB/IP connection failed: {}", s.getRemoteSocketAddress(), e.toString());
        } finally {
            connections.remove(s);
            if (busid != null) {
                imported.remove(busid, s);
            }
        }
    }

    private void devlist(DataOutputStream out) throws IOException {
        Map<String, DongleDevice> now = new TreeMap<>(exports);
        new UsbIpWire.OpHeader(UsbIpWire.VERSION, UsbIpWire.OP_REP_DEVLIST, 0).write(out);
        out.writeInt(now.size());
        for (Map.Entry<String, DongleDevice> e : now.entrySet()) {
            UsbIpWire.DeviceSummary d = summary(e.getKey(), e.getValue());
            d.write(out);
            d.writeInterfaces(out);
        }
        out.flush();
    }

    private @Nullable DongleDevice importDevice(Socket s, String busid, DataOutputStream out) throws IOException {
        DongleDevice device = exports.get(busid);
        boolean ok = device != null && imported.putIfAbsent(busid, s) == null;
        if (!ok || closed) {
            LOG.warn(
                    "{}: import of {} refused ({})",
                    s.getRemoteSocketAddress(),
                    busid,
                    device == null ? "nothing plugged in there" : "already imported");
            new UsbIpWire.OpHeader(UsbIpWire.VERSION, UsbIpWire.OP_REP_IMPORT, 1).write(out);
            out.flush();
            return null;
        }
        new UsbIpWire.OpHeader(UsbIpWire.VERSION, UsbIpWire.OP_REP_IMPORT, 0).write(out);
        summary(busid, device).write(out);
        out.flush();
        LOG.info("{} imported by {}", busid, s.getRemoteSocketAddress());
        return device;
    }

    private void urbs(Socket s, DongleDevice device, String busid, DataInputStream in, DataOutputStream out)
            throws IOException {
        while (!s.isClosed()) {
            Object command = UsbIpWire.readCommand(in);
            if (command instanceof UsbIpWire.Unlink u) {
                // every submit was answered before this command was read: the URB is done, nothing to unlink
                UsbIpWire.writeRetUnlink(out, u.seqnum(), 0);
            } else if (command instanceof UsbIpWire.Submit submit) {
                submit(device, busid, submit, out);
            }
            out.flush();
        }
    }

    private static void submit(DongleDevice device, String busid, UsbIpWire.Submit c, DataOutputStream out)
            throws IOException {
        if (c.ep() != 0 || c.iso()) {
            LOG.debug("{}: no endpoint {} (iso {}): STALL", busid, c.ep(), c.iso());
            UsbIpWire.writeRetSubmit(out, c.seqnum(), -UsbIpWire.EPIPE, 0, new byte[0]);
            return;
        }
        DongleDevice.Setup setup = DongleDevice.Setup.of(c.setup());
        try {
            byte[] answer = device.control(setup, c.data());
            if (!c.in()) {
                UsbIpWire.writeRetSubmit(out, c.seqnum(), 0, c.data().length, new byte[0]);
                return;
            }
            int n = Math.min(answer.length, c.transferBufferLength());
            byte[] data = n == answer.length ? answer : java.util.Arrays.copyOf(answer, n);
            boolean shortNotOk = (c.transferFlags() & UsbIpWire.URB_SHORT_NOT_OK) != 0;
            int status = shortNotOk && n < c.transferBufferLength() ? -UsbIpWire.EREMOTEIO : 0;
            UsbIpWire.writeRetSubmit(out, c.seqnum(), status, n, data);
        } catch (DongleDevice.Stall e) {
            LOG.debug("{}: {} STALL: {}", busid, setup, e.getMessage());
            UsbIpWire.writeRetSubmit(out, c.seqnum(), -UsbIpWire.EPIPE, 0, new byte[0]);
        }
    }

    /** The devlist / import entry of {@code device}, taken from its own descriptors. */
    static UsbIpWire.DeviceSummary summary(String busid, DongleDevice device) {
        ByteBuffer dev = ByteBuffer.wrap(device.deviceDescriptor()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] config = device.configurationDescriptor();
        List<int[]> interfaces = new ArrayList<>();
        for (int i = 0; i + 1 < config.length && config[i] > 0; i += config[i] & 0xff) {
            if (config[i + 1] == 4 && i + 7 < config.length) { // INTERFACE descriptor, alternate setting 0
                if (config[i + 3] == 0) {
                    interfaces.add(new int[] {config[i + 5] & 0xff, config[i + 6] & 0xff, config[i + 7] & 0xff});
                }
            }
        }
        String[] parts = busid.split("-", 2);
        return new UsbIpWire.DeviceSummary(
                "/sys/devices/triad-usbip/" + busid,
                busid,
                Integer.parseInt(parts[0]),
                Integer.parseInt(parts[1]),
                UsbIpWire.SPEED_FULL,
                dev.getShort(8) & 0xffff,
                dev.getShort(10) & 0xffff,
                dev.getShort(12) & 0xffff,
                dev.get(4) & 0xff,
                dev.get(5) & 0xff,
                dev.get(6) & 0xff,
                config[5] & 0xff,
                dev.get(17) & 0xff,
                interfaces.toArray(new int[0][]));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", s, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the USB/IP listener: {}", e.getMessage());
        }
        for (Socket s : connections) {
            closeQuietly(s);
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

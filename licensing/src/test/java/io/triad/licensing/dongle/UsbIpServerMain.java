package io.triad.licensing.dongle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * The host side of the QEMU run ({@code src/test/qemu/run.sh}): a {@link UsbIpServer} and, beside it, a line-based
 * control port through which the test inside the guest plugs in the dongle it generated and pulls it out again. The
 * guest reaches both at 10.0.2.2, which QEMU's user networking maps to the host's loopback.
 *
 * <p>Control lines (UTF-8, one answer line each, {@code OK ...} or {@code ERR <reason>}):
 *
 * <ul>
 *   <li>{@code PLUG <busid> <base64 of an EmulatedDongleFile's JSON>}
 *   <li>{@code UNPLUG <busid>}
 *   <li>{@code STATUS <busid>} answers {@code OK plugged|unplugged imported|idle}
 *   <li>{@code QUIT} stops the server
 * </ul>
 *
 * <p>Usage: {@code UsbIpServerMain [--bind 127.0.0.1] [--port 3240] [--control-port 3241]}. It prints {@code READY}
 * once both ports listen.
 */
public final class UsbIpServerMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsbIpServerMain() {}

    public static void main(String[] args) throws Exception {
        String bind = "127.0.0.1";
        int port = UsbIpServer.DEFAULT_PORT;
        int controlPort = UsbIpServer.DEFAULT_PORT + 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bind" -> bind = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--control-port" -> controlPort = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; expected --bind, --port or --control-port");
            }
        }
        InetAddress address = InetAddress.getByName(bind);
        CountDownLatch quit = new CountDownLatch(1);
        try (UsbIpServer usbip = UsbIpServer.start(address, port);
                ServerSocket control = new ServerSocket()) {
            control.setReuseAddress(true);
            control.bind(new InetSocketAddress(address, controlPort));
            Thread t = new Thread(() -> controlLoop(control, usbip, quit), "usbip-control");
            t.setDaemon(true);
            t.start();
            System.out.println(
                    "usbip server on " + usbip.address() + ", control on " + control.getLocalSocketAddress());
            System.out.println("READY");
            System.out.flush();
            quit.await();
        }
    }

    private static void controlLoop(ServerSocket control, UsbIpServer usbip, CountDownLatch quit) {
        while (!control.isClosed()) {
            try (Socket s = control.accept();
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(
                            new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String answer = answer(line.strip(), usbip);
                    System.out.println("control: " + abbreviate(line) + " -> " + answer);
                    out.println(answer);
                    if (line.strip().equals("QUIT")) {
                        quit.countDown();
                        return;
                    }
                }
            } catch (IOException e) {
                if (!control.isClosed()) {
                    System.out.println("control connection failed: " + e.getMessage());
                }
            }
        }
    }

    /** Answers one control line. */
    static String answer(String line, UsbIpServer usbip) {
        String[] w = line.split(" ", 3);
        try {
            switch (w[0]) {
                case "PLUG" -> {
                    if (w.length != 3) {
                        return "ERR PLUG takes a bus id and a dongle";
                    }
                    EmulatedDongleFile file =
                            JSON.readValue(Base64.getDecoder().decode(w[2]), EmulatedDongleFile.class);
                    usbip.plug(w[1], file.device());
                    return "OK plugged " + file.serial() + " as " + w[1];
                }
                case "UNPLUG" -> {
                    return w.length == 2
                            ? "OK " + (usbip.unplug(w[1]) ? "unplugged" : "nothing was plugged in")
                            : "ERR UNPLUG takes a bus id";
                }
                case "STATUS" -> {
                    return w.length == 2
                            ? "OK " + (usbip.busIds().contains(w[1]) ? "plugged" : "unplugged") + " "
                                    + (usbip.imported(w[1]) ? "imported" : "idle")
                            : "ERR STATUS takes a bus id";
                }
                case "QUIT" -> {
                    return "OK bye";
                }
                default -> {
                    return "ERR unknown command '" + w[0] + "'; expected PLUG, UNPLUG, STATUS or QUIT";
                }
            }
        } catch (IOException | DongleException | IllegalArgumentException e) {
            return "ERR " + e.getMessage();
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }
}

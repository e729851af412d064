package io.triad.licensing.dongle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link DongleTransportContract} against {@link Usb4javaTransport} on a real Linux USB stack: runs only inside the
 * QEMU guest of {@code src/test/qemu/run.sh} ({@code ./mvnw -Pqemu -pl licensing verify}), and is skipped anywhere
 * else.
 *
 * <p>The split: the host runs {@code UsbIpServerMain}, a USB/IP server with a control port. For each test this class
 * (in the guest) sends the contract's freshly generated dongle to the control port ({@code PLUG 1-1 <file>}), runs
 * {@code usbip attach -r 10.0.2.2 -b 1-1}, and the guest kernel's vhci-hcd enumerates the device like any USB key;
 * libusb then finds it in {@code /dev/bus/usb}. Unplugging asks the server to pull the dongle ({@code UNPLUG 1-1}),
 * which closes the USB/IP connection: the kernel disconnects the device as if the key had been pulled out.
 */
class Usb4javaTransportQemuIT extends DongleTransportContract {
    private static final String BUSID = "1-1";
    private static final Duration ENUMERATION_WAIT = Duration.ofSeconds(20);

    private static String host = "10.0.2.2";
    private static int port = 3240;
    private static int controlPort = 3241;

    @BeforeAll
    static void onlyInsideTheQemuGuest() {
        assumeTrue(
                "1".equals(System.getenv("TRIAD_QEMU_GUEST")),
                "runs only inside the QEMU guest of src/test/qemu/run.sh (./mvnw -Pqemu -pl licensing verify)");
        host = System.getenv().getOrDefault("TRIAD_USBIP_HOST", host);
        port = Integer.parseInt(System.getenv().getOrDefault("TRIAD_USBIP_PORT", String.valueOf(port)));
        controlPort =
                Integer.parseInt(System.getenv().getOrDefault("TRIAD_USBIP_CONTROL_PORT", String.valueOf(controlPort)));
    }

    @Override
    protected DongleTransport transportWith(EmulatedDongleFile dongle) throws Exception {
        awaitFreeVhciPorts();
        String json = Base64.getEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(dongle));
        assertThat(control("PLUG " + BUSID + " " + json)).startsWith("OK");
        String attach = run("usbip", "--tcp-port", String.valueOf(port), "attach", "-r", host, "-b", BUSID);
        Usb4javaTransport t = new Usb4javaTransport(
                DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofMillis(200));
        long deadline = System.nanoTime() + ENUMERATION_WAIT.toNanos();
        List<DongleAddress> found = t.scan();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = t.scan();
        }
        if (found.isEmpty()) {
            t.close();
            String fresh;
            try (Usb4javaTransport again = new Usb4javaTransport(
                    DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofMillis(200))) {
                fresh = again.scan().toString();
            }
            throw new AssertionError("libusb did not list the dongle within " + ENUMERATION_WAIT
                    + " (a transport started now lists " + fresh + "); usbip attach said: " + attach
                    + "\nusbip port:\n" + run("usbip", "port") + "\n/dev/bus/usb:\n" + run("ls", "-lR", "/dev/bus/usb")
                    + "\ndmesg:\n" + tail(run("dmesg"), 30));
        }
        System.out.println("  plugged in: " + found.get(0) + " (libusb hot-plug " + t.hotplug() + ")");
        return t;
    }

    @Override
    protected void unplug() throws Exception {
        assertThat(control("UNPLUG " + BUSID)).isEqualTo("OK unplugged");
    }

    @Override
    protected Duration changeWait() {
        return Duration.ofSeconds(15);
    }

    @AfterEach
    void pullTheDongle() throws Exception {
        control("UNPLUG " + BUSID);
    }

    /** Waits until no vhci port is still in use from an earlier test (the kernel frees it asynchronously). */
    private static void awaitFreeVhciPorts() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String ports = run("usbip", "port");
        while (ports.contains("Port in Use") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ports = run("usbip", "port");
        }
        if (ports.contains("Port in Use")) {
            run("usbip", "detach", "-p", "0");
        }
    }

    /** One line to the host's control port, its answer back. */
    private static String control(String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, controlPort), 5000);
            s.setSoTimeout(10_000);
            PrintWriter out = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8));
            out.print(line + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String answer = in.readLine();
            return answer == null ? "ERR no answer" : answer;
        }
    }

    /** Runs a command; returns its output (stdout and stderr), or fails when it exits non-zero. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}

package io.triad.metrics.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntSupplier;

/**
 * A minimal HTTP/1.1 receiver on a real loopback socket (one request per connection): records each request's body
 * and Authorization header, and answers with the status the test supplies.
 */
final class LoopbackReceiver implements AutoCloseable {
    /** One request received. */
    record Request(String authorization, String body, int status) {}

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Thread thread;

    LoopbackReceiver(IntSupplier status) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                    serve(c, status.getAsInt());
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
    }

    private void serve(Socket c, int status) throws IOException {
        InputStream in = c.getInputStream();
        int length = 0;
        String authorization = "";
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("authorization")) {
                    authorization = value;
                }
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        requests.add(new Request(authorization, body, status));
        OutputStream out = c.getOutputStream();
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int ch = in.read(); ch != -1 && ch != '\n'; ch = in.read()) {
            if (ch != '\r') {
                b.write(ch);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join();
    }
}

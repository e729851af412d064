package io.triad.failover.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 server on a real loopback socket (one request per connection) with fixed routes: a path answers
 * with a status, optionally after a delay. Records the paths requested. (com.sun.net.httpserver is not portable, so
 * forbiddenapis rejects it.)
 */
final class LoopbackHttp implements AutoCloseable {
    /** What a path answers. */
    record Route(int status, long delayMillis, String location) {}

    final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, Route> routes;
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    LoopbackHttp(Map<String, Route> routes) throws IOException {
        this.routes = routes;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    connections.add(c);
                    Thread.ofVirtual().start(() -> serve(c));
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void serve(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            String requestLine = line(in);
            while (!line(in).isEmpty()) {
                // headers: ignored
            }
            String[] parts = requestLine.split(" ");
            String path = parts.length > 1 ? parts[1] : "";
            paths.add(path);
            Route r = routes.getOrDefault(path, new Route(404, 0, ""));
            if (r.delayMillis() > 0) {
                Thread.sleep(r.delayMillis());
            }
            String head = "HTTP/1.1 " + r.status() + " X\r\n"
                    + (r.location().isEmpty() ? "" : "Location: " + r.location() + "\r\n")
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            OutputStream out = c.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server closed
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int ch = in.read(); ch >= 0 && ch != '\n'; ch = in.read()) {
            if (ch != '\r') {
                b.append((char) ch);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : connections) {
            c.close();
        }
    }
}

package io.triad.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a TCP port of 127.0.0.1 that was free a moment ago (for the rsyslogd baseline's imtcp input). */
final class FreePort {
    private FreePort() {}

    public static void main(String[] args) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(s.getLocalPort());
        }
    }
}

package dev.ragservice.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for Hazelcast members that tests start and list in each other's join configuration. A port the OS hands
 * out for {@code new ServerSocket(0)} comes from the ephemeral range, which outgoing connections draw from as
 * well: between picking it and the member binding it, a test's HTTP client or another member may take it as a
 * local port, and the member then cannot listen where the others look for it. Below that range (Linux starts it
 * at 32768) only listeners are bound.
 */
final class MemberPorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private MemberPorts() {}

    static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}

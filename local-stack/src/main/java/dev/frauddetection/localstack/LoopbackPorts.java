package dev.frauddetection.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for the servers a test or the benchmark starts, taken from below the kernel's ephemeral
 * range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out a port from the ephemeral range, which is also where every
 * outgoing connection gets its local port. Between choosing a port and the server binding it (up to half a minute
 * for the last service, longer for a broker restarted mid-test) the stack opens hundreds of connections (Kafka
 * clients, JDBC pools, readiness polls), and one of them can take the chosen port: the server then fails to start
 * with "Address already in use". Ports below the ephemeral range are never handed out that way.
 */
public final class LoopbackPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;

    private LoopbackPorts() {
    }

    /** {@code count} distinct ports that were free a moment ago and are not in the ephemeral range. */
    public static List<Integer> take(int count) {
        int below = ephemeralStart();
        List<Integer> ports = new ArrayList<>(count);
        int attempts = 0;
        while (ports.size() < count) {
            if (++attempts > 10_000) {
                throw new IllegalStateException("No free port between " + LOWEST + " and " + below + " on 127.0.0.1");
            }
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!ports.contains(port) && isFree(port)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default, 32768, if it cannot be read or is unusable. */
    private static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }
}

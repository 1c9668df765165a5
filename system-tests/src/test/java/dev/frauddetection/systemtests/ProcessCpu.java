package dev.frauddetection.systemtests;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time (user + system) of named processes, for the benchmarks' CPU-per-event figures: on this shared 2-core VM
 * they vary less between runs than rates do. A PostgreSQL postmaster is counted with its descendants (backends, the
 * WAL sender that feeds Debezium, the WAL writer), which live as long as their connections do.
 */
final class ProcessCpu {

    private record Measured(ProcessHandle process, boolean descendantsToo) {
        Duration cpu() {
            Duration own = cpuOf(process);
            return descendantsToo ? process.descendants().map(ProcessCpu::cpuOf).reduce(own, Duration::plus) : own;
        }
    }

    private final Map<String, Measured> processes = new LinkedHashMap<>();

    ProcessCpu add(String name, ProcessHandle process, boolean descendantsToo) {
        processes.put(name, new Measured(process, descendantsToo));
        return this;
    }

    Map<String, Duration> now() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        processes.forEach((name, measured) -> cpu.put(name, measured.cpu()));
        return cpu;
    }

    /** CPU of all processes together between two {@link #now()} readings. */
    static Duration total(Map<String, Duration> before, Map<String, Duration> after) {
        return after.entrySet().stream().map(e -> e.getValue().minus(before.get(e.getKey())))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** "; name 12.3 µs" for each process: CPU between two {@link #now()} readings divided by {@code events}. */
    static String perEvent(Map<String, Duration> before, Map<String, Duration> after, long events) {
        StringBuilder text = new StringBuilder();
        after.forEach((name, total) -> text.append(String.format(Locale.ROOT, "; %s %.1f µs",
                name, total.minus(before.get(name)).toNanos() / 1e3 / events)));
        return text.toString();
    }

    private static Duration cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}

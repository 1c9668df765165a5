package dev.frauddetection.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU and memory of every process of the system, from /proc: the launcher's JVM (Kafka, Kafka Connect and Debezium),
 * each service's JVM, PostgreSQL (the postmaster and all its backends together) and this benchmark itself. CPU is
 * user plus system time over wall time, in percent of one core (200 % = both cores of this machine); memory is the
 * proportional set size (PSS, so PostgreSQL's shared buffers count once, not once per backend), its peak over the
 * phase, sampled every second.
 */
final class ProcessSampler implements AutoCloseable {

    static final List<String> GROUPS = List.of("stack: Kafka+Connect", "postgres", "ingest-service", "detector-service",
            "alert-dashboard", "bench");
    private static final double TICKS_PER_SECOND = 100.0;

    private final Supplier<Optional<ProcessHandle>> launcher;
    private final Supplier<Optional<ProcessHandle>> postmaster;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-sampler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> peakPss = new LinkedHashMap<>();
    private Map<String, Long> ticksAtStart = Map.of();
    private long startNanos;

    /** One process group's figures over a phase. */
    record Usage(double cpuPercent, long peakPssMb) {
    }

    ProcessSampler(Supplier<Optional<ProcessHandle>> launcher, Supplier<Optional<ProcessHandle>> postmaster) {
        this.launcher = launcher;
        this.postmaster = postmaster;
        timer.scheduleAtFixedRate(this::samplePss, 0, 1, TimeUnit.SECONDS);
    }

    synchronized void begin() {
        peakPss.clear();
        ticksAtStart = ticks();
        startNanos = System.nanoTime();
    }

    synchronized Map<String, Usage> end() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Long> ticksNow = ticks();
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String group : GROUPS) {
            long used = ticksNow.getOrDefault(group, 0L) - ticksAtStart.getOrDefault(group, 0L);
            usage.put(group, new Usage(Math.round(1000 * used / TICKS_PER_SECOND / seconds) / 10.0,
                    peakPss.getOrDefault(group, 0L) / 1024));
        }
        return usage;
    }

    private synchronized void samplePss() {
        groups().forEach((group, pids) -> {
            long kb = 0;
            for (long pid : pids) {
                kb += pssKb(pid);
            }
            peakPss.merge(group, kb, Math::max);
        });
    }

    /** CPU ticks per group. Exited processes (a backend that closed) drop out, which errs on the low side. */
    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        groups().forEach((group, pids) -> {
            long sum = 0;
            for (long pid : pids) {
                sum += cpuTicks(pid);
            }
            ticks.put(group, sum);
        });
        return ticks;
    }

    private Map<String, List<Long>> groups() {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        GROUPS.forEach(g -> groups.put(g, new ArrayList<>()));
        launcher.get().ifPresent(l -> {
            groups.get(GROUPS.get(0)).add(l.pid());
            l.children().forEach(child -> {
                String command = String.join(" ", child.info().arguments().map(List::of).orElse(List.of()));
                for (String service : List.of("ingest-service", "detector-service", "alert-dashboard")) {
                    if (command.contains(service)) {
                        groups.get(service).add(child.pid());
                    }
                }
            });
        });
        postmaster.get().ifPresent(pm -> {
            groups.get("postgres").add(pm.pid());
            pm.descendants().forEach(p -> groups.get("postgres").add(p.pid()));
        });
        groups.get("bench").add(ProcessHandle.current().pid());
        return groups;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3 of stat(5), utime 14 and stime 15, i.e. indexes 11 and 12 here.
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process exited
        }
        return 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

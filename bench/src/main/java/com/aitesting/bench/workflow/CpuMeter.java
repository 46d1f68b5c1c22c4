package com.aitesting.bench.workflow;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time consumed, in nanoseconds, by this JVM and by the embedded PostgreSQL (its postmaster and every
 * child: backends, WAL writer, checkpointer...). On a loaded machine wall time says how long we waited; CPU
 * time says how much work each side did, which is what the engine and the store add.
 *
 * <p>PostgreSQL's share is read from /proc (utime + stime, in clock ticks of 10 ms), so it is coarse: use it
 * over batches that take at least a second. A backend that exits between two snapshots takes its CPU time
 * with it; the benchmarks' pools keep their connections, and the bare loops' own connections are opened
 * before and closed after the measured span.
 */
public final class CpuMeter {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final long postmasterPid;

    /**
     * {@code jvmNanos} is the whole process; {@code jitGcNanos} the part of it spent by the JIT compiler and
     * garbage collector threads, so {@code jvmNanos - jitGcNanos} is the application's own threads.
     */
    public record Sample(long jvmNanos, long jitGcNanos, long postgresNanos) {
        public Sample minus(Sample earlier) {
            return new Sample(jvmNanos - earlier.jvmNanos, jitGcNanos - earlier.jitGcNanos, postgresNanos - earlier.postgresNanos);
        }

        public long appNanos() {
            return jvmNanos - jitGcNanos;
        }
    }

    public CpuMeter(Path postgresDataDir) {
        long pid = -1;
        try {
            pid = Long.parseLong(Files.readAllLines(postgresDataDir.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            System.err.println("CPU meter: PostgreSQL's CPU time is not measured (" + e + ")");
        }
        this.postmasterPid = pid;
    }

    public Sample sample() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Sample(jvm, jitGcTicks() * NANOS_PER_TICK, postgresTicks() * NANOS_PER_TICK);
    }

    /** HotSpot's compiler and GC threads, by their OS thread names (C1/C2 CompilerThread, GC Thread#n, G1 ...). */
    private static long jitGcTicks() {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.startsWith("C1 Compi") || comm.startsWith("C2 Compi") || comm.startsWith("GC Thread")
                        || comm.startsWith("G1 ")) {
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    public boolean measuresPostgres() {
        return postmasterPid > 0;
    }

    private long postgresTicks() {
        if (postmasterPid <= 0) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                // pid (comm) state ppid ... ; comm may hold spaces, so split after the last ')'
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(name);
                long ppid = Long.parseLong(f[1]);
                if (pid == postmasterPid || ppid == postmasterPid) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }
}

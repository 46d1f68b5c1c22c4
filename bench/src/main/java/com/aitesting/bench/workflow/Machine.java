package com.aitesting.bench.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the figures came from: CPU, memory, JDK, OS and the load average while they were taken. */
public final class Machine {

    public static String cpu() {
        String model = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + model;
    }

    public static String memory() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> String.format(Locale.ROOT, "%.1f GiB total",
                        Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    public static String jdk() {
        return "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + "), -Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m";
    }

    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        List<String> parts = List.of(read("/proc/loadavg").trim().split("\\s+"));
        return parts.size() >= 3 ? String.join(" / ", parts.subList(0, 3)) : "unknown";
    }

    public static double load1() {
        try {
            return Double.parseDouble(read("/proc/loadavg").trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }

    private Machine() {}
}

package com.aitesting.bench.stream;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, reported in milliseconds. */
final class Percentiles {
    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized String describe() {
        long[] s = Arrays.copyOf(samples, size);
        Arrays.sort(s);
        return String.format(Locale.ROOT, "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", size, at(s, 0.50), at(s, 0.99), s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}

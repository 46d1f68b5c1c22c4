package com.aitesting.bench.stream;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, reported in milliseconds. The one home of the streaming benchmarks' percentiles. */
final class Percentiles {
    private long[] samples = new long[1024];
    private int size;

    /** n samples; p50, p99 and max in milliseconds (NaN without samples). */
    record Summary(int n, double p50, double p99, double max) {
        String ms(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.2f ms" : v < 100 ? "%.1f ms" : "%.0f ms", v);
        }
    }

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized Summary summary() {
        long[] s = Arrays.copyOf(samples, size);
        Arrays.sort(s);
        return new Summary(size, at(s, 0.50), at(s, 0.99), s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
    }

    String describe() {
        Summary s = summary();
        return String.format(Locale.ROOT, "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", s.n(), s.p50(), s.p99(), s.max());
    }

    private static double at(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}

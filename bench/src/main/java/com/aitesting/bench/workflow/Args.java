package com.aitesting.bench.workflow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches; an unknown name fails with the usage. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    public Args(String[] args, Set<String> valueNames, Set<String> flagNames, String usage) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && name.contains("=")) {
                String[] kv = name.split("=", 2);
                if (!valueNames.contains(kv[0])) {
                    throw usage(usage, a);
                }
                values.put(kv[0], kv[1]);
            } else if (name != null && flagNames.contains(name)) {
                flags.add(name);
            } else if (name != null && valueNames.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw usage(usage, a);
            }
        }
    }

    private static IllegalArgumentException usage(String usage, String arg) {
        return new IllegalArgumentException("unknown or incomplete argument " + arg + "\n" + usage);
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        int n = v == null ? fallback : Integer.parseInt(v);
        if (n < 0) {
            throw new IllegalArgumentException("--" + name + " must be >= 0");
        }
        return n;
    }

    public List<Integer> integers(String name, List<Integer> fallback) {
        String v = values.get(name);
        return v == null ? fallback : Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    public List<String> strings(String name, List<String> fallback) {
        String v = values.get(name);
        return v == null ? fallback : Arrays.stream(v.split(",")).map(String::trim).toList();
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }
}

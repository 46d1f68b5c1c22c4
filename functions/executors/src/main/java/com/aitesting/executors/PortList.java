package com.aitesting.executors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The port scan's 1000 TCP ports (resource ports/tcp-1000.txt; how it was built: docs/executors.md). */
public final class PortList {
    private static final String RESOURCE = "ports/tcp-1000.txt";
    private static final PortList TCP_1000 = load();

    private final List<Integer> ports;
    private final Map<Integer, String> names;

    private PortList(List<Integer> ports, Map<Integer, String> names) {
        this.ports = List.copyOf(ports);
        this.names = Collections.unmodifiableMap(names);
    }

    public static PortList tcp1000() {
        return TCP_1000;
    }

    public List<Integer> ports() {
        return ports;
    }

    /** The registered or documented service name of {@code port}, or null. */
    public String serviceName(int port) {
        return names.get(port);
    }

    private static PortList load() {
        try (InputStream in = PortList.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            List<Integer> ports = new ArrayList<>();
            Map<Integer, String> names = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                int port = Integer.parseInt(fields[0]);
                ports.add(port);
                if (fields.length > 1 && !fields[1].equals("-")) {
                    names.put(port, fields[1]);
                }
            }
            return new PortList(ports, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

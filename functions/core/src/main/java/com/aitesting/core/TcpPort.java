package com.aitesting.core;

/** The TCP port numbers a connection can name: the one statement of the range, for every check of it. */
public final class TcpPort {
    public static final int MIN = 1;
    public static final int MAX = 65_535;
    /** As messages write it. */
    public static final String RANGE = MIN + "-" + MAX;

    public static boolean valid(int port) {
        return port >= MIN && port <= MAX;
    }

    private TcpPort() {}
}

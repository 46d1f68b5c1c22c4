package com.aitesting.executors;

import com.aitesting.executors.net.Target;

/** A port that speaks HTTP or TLS (or both, HTTPS), as a check found it. */
record Endpoint(Target target, int port, boolean tls) {
    String scheme() {
        return tls ? "https" : "http";
    }

    /** host:port as the Host header and URLs carry it (the default port left out). */
    String authority() {
        boolean defaultPort = (tls && port == 443) || (!tls && port == 80);
        return defaultPort ? target.name() : target.name() + ":" + port;
    }

    String url(String path) {
        return scheme() + "://" + authority() + path;
    }
}

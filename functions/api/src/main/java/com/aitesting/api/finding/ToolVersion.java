package com.aitesting.api.finding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The platform's version as the exports name it: the api module's Maven version, written into
 * tool-version.properties at build time (resources-filtered), so it is the same from the jar and from classes.
 */
final class ToolVersion {
    private static final String RESOURCE = "tool-version.properties";

    static String current() {
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private ToolVersion() {}
}

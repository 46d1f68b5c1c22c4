package com.aitesting.api.finding;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The platform's version as the exports name it: from the api jar's Maven metadata, "development" when run from classes. */
final class ToolVersion {
    private static final String POM_PROPERTIES = "META-INF/maven/com.aitesting/api/pom.properties";

    static String current() {
        try (InputStream in = ToolVersion.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through: a missing version must not break an export
        }
        return "development";
    }

    private ToolVersion() {}
}

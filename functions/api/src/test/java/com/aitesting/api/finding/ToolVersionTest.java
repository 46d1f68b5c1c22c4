package com.aitesting.api.finding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolVersionTest {
    @Test
    void theExportsNameTheBuiltVersionAlsoWhenRunFromClasses() {
        // surefire runs from target/classes, where the jar's Maven metadata does not exist
        assertThat(ToolVersion.current()).matches("\\d+\\.\\d+\\.\\d+([-.][0-9A-Za-z.-]+)?");
    }
}

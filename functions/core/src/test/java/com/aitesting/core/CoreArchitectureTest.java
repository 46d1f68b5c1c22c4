package com.aitesting.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** core/ is the domain: it must run unchanged on Lambda, on the embedded runtime and in plain unit tests. */
class CoreArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aitesting.core");

    @Test
    void coreImportsNoAwsJdbcOrFrameworkPackages() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "java.sql..", "javax.sql..", "io.micronaut..",
                        "jakarta..", "io.netty..", "reactor..", "org.flywaydb..", "org.postgresql..", "com.zaxxer..")
                .check(CORE);
    }

    @Test
    void onlyTheCatalogReadsJson() {
        noClasses().that().resideOutsideOfPackage("com.aitesting.core.catalog..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .check(CORE);
    }
}

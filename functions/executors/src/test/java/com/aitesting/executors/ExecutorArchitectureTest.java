package com.aitesting.executors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * Executors cannot open a connection or resolve a name except through the network guard (package net):
 * no sockets, channels, HTTP clients, TLS socket factories, URL connections, JDK name lookups or dnsjava
 * resolvers anywhere else.
 */
class ExecutorArchitectureTest {
    private static final JavaClasses EXECUTORS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aitesting.executors");
    private static final String GUARD = "com.aitesting.executors.net..";

    @Test
    void onlyTheGuardUsesSocketsChannelsHttpClientsOrTlsFactories() {
        noClasses().that().resideOutsideOfPackage(GUARD)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.MulticastSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.InetSocketAddress")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Proxy")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.channels..", "java.net.http..",
                        "javax.net..", "jdk.net..", "sun.net..")
                .because("every connection goes through the network guard, which checks scope at connect time")
                .check(EXECUTORS);
    }

    @Test
    void onlyTheGuardResolvesNames() {
        noClasses().that().resideOutsideOfPackage(GUARD)
                .should().callMethod(InetAddress.class, "getByName", String.class)
                .orShould().callMethod(InetAddress.class, "getAllByName", String.class)
                .orShould().callMethod(InetAddress.class, "getLocalHost")
                .orShould().callMethod(InetAddress.class, "getCanonicalHostName")
                .orShould().callMethod(InetAddress.class, "getHostName")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.SimpleResolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.ExtendedResolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.Resolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.Lookup")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.ZoneTransferIn")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.xbill.DNS.DohResolver")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.xbill.DNS.lookup..", "org.xbill.DNS.hosts..",
                        "org.xbill.DNS.spi..")
                .because("names are resolved by the guard, through the configured resolver, with a bounded query budget")
                .check(EXECUTORS);
    }

    @Test
    void theGuardsSocketsAreMadeOnlyInOnePlaceThatBypassesTheJvmsProxies() {
        noClasses().that().doNotHaveFullyQualifiedName("com.aitesting.executors.net.NetworkGuard")
                .should().callConstructor(Socket.class)
                .orShould().callConstructor(Socket.class, Proxy.class)
                .because("a Socket made elsewhere could ask the JVM's ProxySelector where to connect (NetworkGuard.direct)")
                .check(EXECUTORS);
        noClasses().should().callConstructor(Socket.class)
                .because("new Socket() follows -DsocksProxyHost or a default ProxySelector, not the checked address")
                .check(EXECUTORS);
    }

    @Test
    void theGuardItselfUsesNoJdkNameLookup() {
        noClasses().should().callMethod(InetAddress.class, "getByName", String.class)
                .orShould().callMethod(InetAddress.class, "getAllByName", String.class)
                .because("even the guard resolves only through the configured resolver")
                .check(EXECUTORS);
    }
}

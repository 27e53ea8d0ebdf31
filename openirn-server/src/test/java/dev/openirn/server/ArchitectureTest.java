package dev.openirn.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the module map of docs/architecture.md true: the domain is plain Java, protocol below gateway, features apart. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.openirn");

    @Test
    void gstDomainIsPlainJavaWithoutIo() {
        noClasses().that().resideInAPackage("dev.openirn.gst..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "java.net.http..",
                        "dev.openirn.nic..", "dev.openirn.sandbox..", "dev.openirn.server..")
                .check(CLASSES);
    }

    @Test
    void nicClientKnowsNeitherSandboxNorGateway() {
        noClasses().that().resideInAPackage("dev.openirn.nic..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.openirn.sandbox..",
                        "dev.openirn.server..")
                .check(CLASSES);
    }

    @Test
    void sandboxIsIndependentOfTheGateway() {
        noClasses().that().resideInAPackage("dev.openirn.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.openirn.server..")
                .check(CLASSES);
    }

    /** The rest of the gateway speaks OpenIRN's words ({@code IrpAnswer}, {@code IrpLogin}); only the port knows NIC's. */
    @Test
    void onlyTheIrpPortKnowsTheNicClientModule() {
        noClasses().that().resideInAPackage("dev.openirn.server..").and().resideOutsideOfPackage("dev.openirn.server.irp..")
                .should().dependOnClassesThat().resideInAPackage("dev.openirn.nic..")
                .check(CLASSES);
    }

    @Test
    void sharedWebAndSupportCodeDoesNotReachIntoFeatures() {
        noClasses().that().resideInAnyPackage("dev.openirn.server.web..", "dev.openirn.server.support..",
                        "dev.openirn.server.database..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice..",
                        "dev.openirn.server.credentials..", "dev.openirn.server.idempotency..", "dev.openirn.server.retry..")
                .check(CLASSES);
    }
}

package dev.openirn.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the module map of docs/architecture.md true: the domain is plain Java, protocol below gateway, features apart. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Spring's ahead-of-time output (X__BeanDefinitions, X$$SpringCGLIB$$0), compiled into target/classes
            // at package, wires every feature from one place by design: not code anyone writes.
            .withImportOption(location -> !location.contains("__") && !location.contains("$$SpringCGLIB$$"))
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

    /** Every package of the gateway, and each feature of the e-invoice package, on its own: no package needs one that needs it. */
    @Test
    void gatewayPackagesAreFreeOfCycles() {
        slices().matching("dev.openirn.server.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * Registration, cancellation, listing and printing are features of {@code einvoice}: they share only its model
     * (rows, lifecycle, SQL, views), never each other's internals, and nothing outside {@code einvoice}
     * reaches into them.
     */
    @Test
    void einvoiceFeaturesMeetOnlyInTheSharedModel() {
        slices().matching("dev.openirn.server.einvoice.(*)..").should().notDependOnEachOther().check(CLASSES);
        // The console is a second front end beside the API's controllers: it drives the same feature services.
        noClasses().that().resideOutsideOfPackage("dev.openirn.server.einvoice..")
                .and().resideOutsideOfPackage("dev.openirn.server.console..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice.registration..",
                        "dev.openirn.server.einvoice.cancellation..", "dev.openirn.server.einvoice.listing..",
                        "dev.openirn.server.einvoice.printing..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.openirn.server.einvoice")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice.*..")
                .check(CLASSES);
    }

    /** The leased-row worker and its policy are generic: they know no feature whose rows they carry. */
    @Test
    void retryKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.openirn.server.retry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice..",
                        "dev.openirn.server.credentials..", "dev.openirn.server.idempotency..")
                .check(CLASSES);
    }

    /**
     * The outbox and events API know no feature (features publish into it: one dependency, towards it); webhooks
     * deliver what the outbox holds and know no feature either; shared code knows neither.
     */
    @Test
    void eventsAndWebhooksKnowNoFeature() {
        noClasses().that().resideInAPackage("dev.openirn.server.events..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice..",
                        "dev.openirn.server.webhooks..", "dev.openirn.server.credentials..", "dev.openirn.server.irp..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.openirn.server.webhooks..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.einvoice..",
                        "dev.openirn.server.credentials..", "dev.openirn.server.irp..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("dev.openirn.server.web..", "dev.openirn.server.support..",
                        "dev.openirn.server.database..", "dev.openirn.server.retry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openirn.server.events..", "dev.openirn.server.webhooks..")
                .check(CLASSES);
    }
}

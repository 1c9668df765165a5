package dev.frauddetection.ingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Only {@code rest} speaks HTTP: the service takes a validated request and returns what it did or a domain rejection,
 * so the same service could sit behind another transport (the simulator already calls it directly).
 */
class ArchitectureTest {

    private static final JavaClasses INGEST = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.frauddetection.ingest");

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("rest").definedBy("..ingest.rest..")
                .layer("simulator").definedBy("..ingest.simulator..")
                .layer("service").definedBy("..ingest.service..")
                .layer("request").definedBy("..ingest.request..")
                .layer("model").definedBy("..ingest.model..")
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("rest", "simulator")
                .whereLayer("request").mayOnlyAccessLayers("model")
                .whereLayer("model").mayNotAccessAnyLayer()
                .check(INGEST);
    }

    @Test
    void onlyRestKnowsHttp() {
        noClasses().that().resideOutsideOfPackage("..ingest.rest..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(INGEST);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.frauddetection.ingest.(**)").should().beFreeOfCycles().check(INGEST);
    }
}

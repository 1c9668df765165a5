package dev.frauddetection.detector;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The detector's packages follow the data: a change event is decoded ({@code events}), folded into account and merchant
 * histories ({@code state}), judged ({@code scoring}), and the pipeline wires these to Kafka, checkpoints and alerts.
 * Dependencies point one way, so each package can be read knowing only those below it; the offline training and
 * backtest commands sit on top, and nothing the live service runs may reach them.
 */
class ArchitectureTest {

    private static final JavaClasses DETECTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.frauddetection.detector");

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("events").definedBy("..detector.events..")
            .layer("state").definedBy("..detector.state..")
            .layer("scoring").definedBy("..detector.scoring..")
            .layer("checkpoint").definedBy("..detector.checkpoint..")
            .layer("metrics").definedBy("..detector.metrics..")
            .layer("alerts").definedBy("..detector.alerts..")
            .layer("pipeline").definedBy("..detector.pipeline..")
            .layer("rest").definedBy("..detector.rest..")
            .layer("training").definedBy("..detector.training..")
            .layer("config").definedBy("..detector.config..")
            .layer("security").definedBy("..detector.security..")
            .whereLayer("events").mayNotAccessAnyLayer()
            .whereLayer("state").mayOnlyAccessLayers("events")
            .whereLayer("scoring").mayOnlyAccessLayers("state", "events")
            .whereLayer("alerts").mayOnlyAccessLayers("events")
            .whereLayer("metrics").mayOnlyAccessLayers("state", "scoring", "alerts", "events")
            .whereLayer("checkpoint").mayOnlyAccessLayers("state", "metrics", "config", "events")
            .whereLayer("checkpoint").mayOnlyBeAccessedByLayers("pipeline")
            .whereLayer("pipeline").mayOnlyBeAccessedByLayers("rest")
            .whereLayer("rest").mayNotBeAccessedByAnyLayer()
            // The train, backtest and evaluate commands run offline; the live service must not load them.
            .whereLayer("training").mayNotBeAccessedByAnyLayer()
            .check(DETECTOR);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.frauddetection.detector.(**)").should().beFreeOfCycles().check(DETECTOR);
    }
}

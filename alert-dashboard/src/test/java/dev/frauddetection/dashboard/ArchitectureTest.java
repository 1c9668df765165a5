package dev.frauddetection.dashboard;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** No two packages of the analysts' view need each other: each can be read, and changed, from the ones it uses. */
class ArchitectureTest {

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.frauddetection.dashboard.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.frauddetection.dashboard"));
    }
}

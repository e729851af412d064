package io.triad.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packages of the web module depend on each other one way only, checked on the compiled main classes. */
class PackageCyclesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.triad.web");
    }

    @Test
    void webPackagesAreFreeOfCycles() {
        slices().matching("io.triad.web.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The root package wires the server together; the packages below it (the resources, auth, the UI) never reach back up. */
    @Test
    void noPackageBelowTheServerDependsOnIt() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.web.(*)..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.triad.web")
                .check(classes);
    }
}

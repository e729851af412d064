package io.triad.appliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency directions of ARCHITECTURE.md, checked on the compiled classes of every module. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.triad");
    }

    @Test
    void collectorDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.collector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.search..",
                        "io.triad.metrics..",
                        "io.triad.licensing..",
                        "io.triad.failover..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void metricsDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.collector..",
                        "io.triad.search..",
                        "io.triad.licensing..",
                        "io.triad.failover..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void licensingDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.licensing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.collector..",
                        "io.triad.search..",
                        "io.triad.metrics..",
                        "io.triad.failover..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void failoverDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.failover..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.collector..",
                        "io.triad.search..",
                        "io.triad.metrics..",
                        "io.triad.licensing..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void durableFilesDependOnNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.durable..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.collector..",
                        "io.triad.search..",
                        "io.triad.metrics..",
                        "io.triad.licensing..",
                        "io.triad.failover..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void searchReadsTheJournalAndModelButNoInput() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.search..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.triad.collector.input..",
                        "io.triad.collector.syslog..",
                        "io.triad.collector.gelf..",
                        "io.triad.collector.otlp..",
                        "io.triad.collector.ndjson..",
                        "io.netty..",
                        "io.triad.metrics..",
                        "io.triad.licensing..",
                        "io.triad.failover..",
                        "io.triad.web..",
                        "io.triad.appliance..")
                .check(classes);
    }

    @Test
    void webDoesNotDependOnTheApplianceNorOnNetty() {
        noClasses()
                .that()
                .resideInAPackage("io.triad.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.triad.appliance..", "io.netty..")
                .check(classes);
    }

    @Test
    void theJournalReplicationAndCorrelationDoNotImportTheInputs() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.triad.collector.journal..",
                        "io.triad.collector.replication..",
                        "io.triad.collector.correlation..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.triad.collector.input..")
                .check(classes);
    }
}

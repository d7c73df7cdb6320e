package io.nqflow.runner.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/architecture.md, checked on the production classes of every module (the
 * runner's test classpath holds them all). Plain JUnit tests over ArchUnit's importer, so surefire
 * counts and reports every rule.
 */
class ModuleGraphTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ModuleGraphTest::notATestJar)
            .importPackages("io.nqflow");
  }

  @Test
  void connectorsAndLibrariesDoNotUseFlink() {
    ModuleRules.PLAIN_JAVA_WITHOUT_FLINK.check(production);
  }

  @Test
  void noJobDependsOnAnotherJob() {
    ModuleRules.JOBS_INDEPENDENT.check(production);
  }

  @Test
  void onlyTheCliDependsOnTheRunner() {
    ModuleRules.ONLY_THE_CLI_USES_THE_RUNNER.check(production);
  }

  @Test
  void theCodecUsesNeitherKafkaNorAvro() {
    ModuleRules.CODEC_WITHOUT_KAFKA_OR_AVRO.check(production);
  }

  @Test
  void theMarketLibraryUsesOnlyTheJdk() {
    ModuleRules.MARKET_ONLY_ON_THE_JDK.check(production);
  }

  /** Other modules' test jars (e.g. core's audit fixtures) are test code too. */
  private static boolean notATestJar(Location location) {
    return !location.contains("-tests.jar");
  }
}

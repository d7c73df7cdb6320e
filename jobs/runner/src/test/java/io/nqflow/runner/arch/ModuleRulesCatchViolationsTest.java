package io.nqflow.runner.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.nqflow.dbn.archfixture.CodecWithFlinkAndKafka;
import io.nqflow.feed.archfixture.FeedUsingTheCli;
import io.nqflow.market.archfixture.MarketOnTheJdk;
import io.nqflow.market.archfixture.MarketUsingSchemas;
import io.nqflow.risk.archfixture.GateUsingDetection;
import org.junit.jupiter.api.Test;

/**
 * The module-graph rules fail on deliberately wrong classes: test-only fixtures placed in the
 * packages of a connector, a job and the market library, each with one forbidden dependency.
 */
class ModuleRulesCatchViolationsTest {
  @Test
  void aCodecClassUsingFlinkOrKafkaIsAViolation() {
    JavaClasses codec = classes(CodecWithFlinkAndKafka.class);

    assertViolation(ModuleRules.PLAIN_JAVA_WITHOUT_FLINK, codec, "org.apache.flink");
    assertViolation(ModuleRules.CODEC_WITHOUT_KAFKA_OR_AVRO, codec, "org.apache.kafka");
  }

  @Test
  void aJobUsingAnotherJobIsAViolation() {
    assertViolation(
        ModuleRules.JOBS_INDEPENDENT,
        classes(GateUsingDetection.class),
        "io.nqflow.flow.signal.SignalJsonLines");
  }

  @Test
  void aConnectorUsingTheCliIsAViolation() {
    assertViolation(
        ModuleRules.ONLY_THE_CLI_USES_THE_RUNNER,
        classes(FeedUsingTheCli.class),
        "io.nqflow.runner.Main");
  }

  @Test
  void theMarketLibraryMayUseTheJdkButNoProjectModule() {
    assertViolation(
        ModuleRules.MARKET_ONLY_ON_THE_JDK,
        classes(MarketUsingSchemas.class),
        "io.nqflow.schemas.Topics");
    assertThat(ModuleRules.MARKET_ONLY_ON_THE_JDK.evaluate(classes(MarketOnTheJdk.class)))
        .extracting(EvaluationResult::hasViolation)
        .isEqualTo(false);
  }

  @Test
  void theFixturesBreakNoRuleTheyAreNotMeantFor() {
    // Each fixture is wrong in one way only, so each assertion above pins one rule.
    assertThat(
            ModuleRules.JOBS_INDEPENDENT
                .evaluate(classes(CodecWithFlinkAndKafka.class, FeedUsingTheCli.class))
                .hasViolation())
        .isFalse();
    assertThat(
            ModuleRules.PLAIN_JAVA_WITHOUT_FLINK
                .evaluate(classes(FeedUsingTheCli.class, MarketUsingSchemas.class))
                .hasViolation())
        .isFalse();
  }

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  private static void assertViolation(ArchRule rule, JavaClasses classes, String target) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains(target));
  }
}

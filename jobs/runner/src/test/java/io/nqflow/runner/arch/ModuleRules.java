package io.nqflow.runner.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module graph of docs/architecture.md as ArchUnit rules over packages: each module's classes
 * live in its own packages, so a dependency between packages is a dependency between modules.
 */
final class ModuleRules {
  /** Plain-Java modules: libraries and services that run outside Flink. */
  static final String[] PLAIN_JAVA = {
    "io.nqflow.schemas..",
    "io.nqflow.*.v1..", // the Avro classes generated from schemas/
    "io.nqflow.core..",
    "io.nqflow.market..",
    "io.nqflow.dbn..",
    "io.nqflow.databento..",
    "io.nqflow.simulator..",
    "io.nqflow.feed..",
    "io.nqflow.execution.."
  };

  /** The Flink jobs, one package tree each (jobs/common is shared plumbing, not a job). */
  static final List<String> JOBS =
      List.of(
          "io.nqflow.flow..", // jobs/flow-detection
          "io.nqflow.risk..", // jobs/risk-gate
          "io.nqflow.chain..", // jobs/chain-analytics
          // jobs/signal-evaluation: the package itself; its record io.nqflow.eval.v1 is schemas'
          "io.nqflow.eval");

  static final ArchRule PLAIN_JAVA_WITHOUT_FLINK =
      noClasses()
          .that()
          .resideInAnyPackage(PLAIN_JAVA)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.flink..")
          .because("connectors and libraries are plain services, never Flink code");

  static final ArchRule JOBS_INDEPENDENT = jobsIndependent();

  static final ArchRule ONLY_THE_CLI_USES_THE_RUNNER =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.nqflow.runner..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.nqflow.runner..")
          .because("jobs/runner (the nqflow CLI) is the top of the graph");

  static final ArchRule CODEC_WITHOUT_KAFKA_OR_AVRO =
      noClasses()
          .that()
          .resideInAPackage("io.nqflow.dbn..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka..", "org.apache.avro..")
          .because("the DBN codec is a standalone library");

  static final ArchRule MARKET_ONLY_ON_THE_JDK =
      classes()
          .that()
          .resideInAPackage("io.nqflow.market..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "io.nqflow.market..")
          .because("the market library is plain Java that every module can use");

  static final List<ArchRule> ALL =
      List.of(
          PLAIN_JAVA_WITHOUT_FLINK,
          JOBS_INDEPENDENT,
          ONLY_THE_CLI_USES_THE_RUNNER,
          CODEC_WITHOUT_KAFKA_OR_AVRO,
          MARKET_ONLY_ON_THE_JDK);

  private ModuleRules() {}

  private static ArchRule jobsIndependent() {
    List<ArchRule> rules = new ArrayList<>();
    for (String job : JOBS) {
      List<String> others = new ArrayList<>(JOBS);
      others.remove(job);
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(job)
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(others.toArray(String[]::new))
              .because("a job depends on jobs/common, never on another job")
              // a job package may be empty on a classpath that lacks its module
              .allowEmptyShould(true));
    }
    CompositeArchRule all = CompositeArchRule.of(rules.get(0));
    for (ArchRule r : rules.subList(1, rules.size())) {
      all = all.and(r);
    }
    return all;
  }
}

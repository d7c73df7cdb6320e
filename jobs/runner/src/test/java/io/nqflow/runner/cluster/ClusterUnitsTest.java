package io.nqflow.runner.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the cluster commands that need no cluster: names, config, arguments, errors. */
class ClusterUnitsTest {
  @TempDir Path tmp;

  @Test
  void jobNamesCarryTheVariant() {
    assertThat(JobKind.FLOW_DETECTION.variantOf("nqflow-flow-detection [v3-only]"))
        .isEqualTo("v3-only");
    assertThat(JobKind.FLOW_DETECTION.variantOf("nqflow-flow-detection [baseline, bounded]"))
        .isEqualTo("baseline");
    assertThat(JobKind.RISK_GATE.variantOf("risk-gate-ab1")).isEqualTo("ab1");
    assertThat(JobKind.ofJobName("risk-gate-ab1")).isEqualTo(JobKind.RISK_GATE);
    assertThat(JobKind.ofJobName("something else")).isNull();
    assertThat(JobKind.ofJobName("signal-evaluation-b")).isEqualTo(JobKind.SIGNAL_EVALUATION);
    assertThat(JobKind.SIGNAL_EVALUATION.variantOf("signal-evaluation-b")).isEqualTo("b");
    assertThat(JobKind.parse("signal-evaluation").entryClass())
        .isEqualTo("io.nqflow.eval.SignalEvaluationJob");
    assertThat(JobKind.parse("Flow-Detection")).isEqualTo(JobKind.FLOW_DETECTION);
    assertThatThrownBy(() -> JobKind.parse("flow"))
        .hasMessageContaining("unknown job 'flow'")
        .hasMessageContaining("risk-gate");
  }

  @Test
  void theClusterConfigBindsLoopbackAndPointsStateIntoTheFolder() {
    ClusterLayout layout = new ClusterLayout(tmp.resolve("c"));
    Map<String, String> c = new ClusterSpec(18081, 16123, 3, "1g", "2g", "0").flinkConfig(layout);
    assertThat(c)
        .containsEntry("rest.port", "18081")
        .containsEntry("rest.bind-address", "127.0.0.1")
        .containsEntry("jobmanager.rpc.port", "16123")
        .containsEntry("taskmanager.numberOfTaskSlots", "3")
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry(
            "execution.checkpointing.dir", tmp.resolve("c/checkpoints").toUri().toString())
        .containsEntry(
            "execution.checkpointing.savepoint-dir",
            tmp.resolve("c/savepoints").toUri().toString());
    assertThatThrownBy(() -> new ClusterSpec(0, 1, 1, "1g", "1g", "0"))
        .hasMessageContaining("rest port");
  }

  @Test
  void aVariantIsAProfileExtendingTheChosenOne() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("config"));
    Files.writeString(config.resolve("local.yaml"), "profile: local\n");
    ClusterLayout layout = new ClusterLayout(tmp.resolve("c"));
    Deployer d =
        new Deployer(
            new FlinkRest("http://127.0.0.1:1"), layout, new java.io.PrintWriter(System.out));
    List<String> args =
        d.programArgs(JobKind.FLOW_DETECTION, "local", "ab1", config, "127.0.0.1:9092");
    Path overlay = layout.profiles().resolve("flow-detection-local-ab1.yaml");
    assertThat(args)
        .containsExactly(
            "--profile",
            overlay.toString(),
            "--config-dir",
            config.toAbsolutePath().toString(),
            "--bootstrap-servers",
            "127.0.0.1:9092");
    assertThat(Files.readString(overlay))
        .contains("extends: \"" + config.resolve("local.yaml").toAbsolutePath() + "\"")
        .contains("variant: \"ab1\"");
    assertThatThrownBy(() -> d.programArgs(JobKind.FLOW_DETECTION, "local", "a b", config, null))
        .hasMessageContaining("variant 'a b'");
    assertThatThrownBy(() -> d.programArgs(JobKind.FLOW_DETECTION, "nope", "v", config, null))
        .hasMessageContaining("profile 'nope' not found");
  }

  @Test
  void aStackTraceIsCutToItsFirstLineAndInnermostCause() {
    String trace =
        "org.x.RestHandlerException: Could not execute application.\n"
            + "\tat a.b(C.java:1)\n"
            + "Caused by: java.util.concurrent.CompletionException: wrapped\n"
            + "\tat a.b(C.java:2)\n"
            + "Caused by: java.lang.IllegalArgumentException: the reason:\n"
            + "  p.yaml: flink.parallelism: must be in [1, 1024], got 0\n"
            + "\tat a.b(C.java:3)\n";
    assertThat(FlinkRest.causes(trace))
        .isEqualTo(
            "org.x.RestHandlerException: Could not execute application.\n"
                + "  caused by java.lang.IllegalArgumentException: the reason:\n"
                + "    p.yaml: flink.parallelism: must be in [1, 1024], got 0");
    assertThat(FlinkRest.causes("plain text")).isEqualTo("plain text");
  }

  @Test
  void refusalsAreRecognisedInFlinksText() {
    assertThat(
            Deployer.NonRestoredStateException.matches(
                "Cannot map checkpoint/savepoint state for operator abc to the new program"))
        .isTrue();
    assertThat(Deployer.NonRestoredStateException.matches("Could not execute application."))
        .isFalse();
  }
}

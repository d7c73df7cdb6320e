package io.nqflow.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job jar's {@code main} reads {@code --profile} the way the CLI does. */
class JobEntryPointTest {
  @TempDir Path dir;

  /** A job that only records what it was started with. */
  static class RecordingJob extends JobEntryPoint {
    NqflowConfig cfg;
    JobSettings job;

    @Override
    protected List<ConfigSection<?>> sections() {
      return List.of(JobSettings.SECTION);
    }

    @Override
    protected void run(NqflowConfig cfg, JobSettings job) {
      this.cfg = cfg;
      this.job = job;
    }
  }

  @Test
  void theProfileConfiguresTheJobAndTheCommandLineOverridesTheBroker() throws Exception {
    Files.writeString(
        dir.resolve("p.yaml"),
        """
        variant: canary
        kafka: {bootstrap_servers: "kafka-1:9092"}
        flink: {parallelism: 3, checkpoint_interval: 7s, delivery: EXACTLY_ONCE}
        risk: {max_daily_loss_usd: 10}
        """);
    RecordingJob job = new RecordingJob();

    JobEntryPoint.run(
        job,
        new String[] {
          "--profile",
          dir.resolve("p.yaml").toString(),
          "--config-dir",
          dir.toString(),
          "--bootstrap-servers",
          "broker:19092",
          "--bounded"
        });

    assertThat(job.job.parallelism()).isEqualTo(3);
    assertThat(job.job.checkpointInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(job.job.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(job.job.variant()).isEqualTo("canary");
    assertThat(job.job.bootstrapServers()).isEqualTo("broker:19092");
    assertThat(job.job.bounded()).isTrue();
  }

  @Test
  void withoutOverridesTheBrokerComesFromTheProfile() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), "kafka: {bootstrap_servers: \"kafka-1:9092\"}\n");
    RecordingJob job = new RecordingJob();

    JobEntryPoint.run(
        job, new String[] {"--profile", dir.resolve("p.yaml").toString(), "--config-dir", "x"});

    assertThat(job.job.bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(job.job.bounded()).isFalse();
  }

  @Test
  void aBrokenProfileFailsTheSubmissionWithoutRunningTheJob() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "flink: {paralelism: 3}\n");
    RecordingJob job = new RecordingJob();

    assertThatThrownBy(
            () ->
                JobEntryPoint.run(
                    job, new String[] {"--profile", dir.resolve("bad.yaml").toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit code 2")
        .hasMessageContaining("flink.paralelism");
    assertThat(job.job).isNull();
  }

  @Test
  void theJobsOwnFailureIsTheCauseOfTheSubmissionsError() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), "variant: x\n");
    IllegalStateException refused = new IllegalStateException("Cannot map savepoint state");
    JobEntryPoint failing =
        new RecordingJob() {
          @Override
          protected void run(NqflowConfig cfg, JobSettings job) {
            throw refused;
          }
        };

    assertThatThrownBy(
            () ->
                JobEntryPoint.run(
                    failing, new String[] {"--profile", dir.resolve("p.yaml").toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit code 1: Cannot map savepoint state")
        .hasCause(refused);
  }
}

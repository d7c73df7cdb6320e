package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.audit.ConfigDiff;
import io.nqflow.core.config.DatabentoConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.runner.Main;
import io.nqflow.runner.local.LocalFlink;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A Flink job submitted twice through {@link LocalFlink} (as {@code nqflow local} does) with a
 * changed setting and a rotated secret: two CONFIG_APPLIED records, the second naming exactly the
 * changed keys, the secret's value nowhere in Kafka, and {@code nqflow audit config} prints them.
 */
class JobConfigAuditITCase {
  @TempDir Path dir;

  @Test
  void twoSubmissionsRecordTheirConfigurationAndTheChangedKeys() throws Exception {
    String key1 = randomKey();
    String key2 = randomKey();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0);
        LocalFlink flink = LocalFlink.start(4, 0, dir.resolve("checkpoints"))) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(bootstrap, 1, (short) 1);
      NqflowConfig base = NqflowConfig.defaults();
      JobSettings job = base.section(JobSettings.SECTION).withBootstrapServers(bootstrap);
      NqflowConfig first = base.with(JobSettings.SECTION, job).withDatabento(databento(key1, 2.0));
      NqflowConfig second = first.withDatabento(databento(key2, 3.0));

      List<String> jobIds = new ArrayList<>();
      for (NqflowConfig cfg : List.of(first, second)) {
        JobID id = flink.submit(LocalFlink.flowDetection(cfg, job), "flow-detection", cfg);
        jobIds.add(id.toHexString());
        flink.cancel(id);
      }

      List<AuditEvent> starts =
          new TopicReader(bootstrap)
              .values(Topics.AUDIT, Duration.ofSeconds(60)).stream()
                  .filter(e -> e.getAction().equals("CONFIG_APPLIED"))
                  .filter(e -> e.getEntityId().equals("flow-detection/baseline"))
                  .toList();
      assertThat(starts).hasSize(2);
      assertThat(starts.get(0).getDetails())
          .containsEntry(AuditDetails.CONFIG_DIFF, "initial")
          .containsEntry(AuditDetails.JOB_ID, jobIds.get(0))
          .containsEntry(AuditDetails.VARIANT, "baseline");
      assertThat(starts.get(0).getDetails().get(AuditDetails.CONFIG))
          .contains("kafka.bootstrap_servers=" + bootstrap + "\n")
          .contains("databento.live_cost_usd_per_hour=2.0\n")
          .containsPattern("databento\\.api_key=\\*{4}#[0-9a-f]{8}\n");
      String diff = starts.get(1).getDetails().get(AuditDetails.CONFIG_DIFF);
      assertThat(ConfigDiff.keys(diff))
          .containsExactly("databento.api_key", "databento.live_cost_usd_per_hour");
      assertThat(diff).contains("~ databento.live_cost_usd_per_hour: 2.0 -> 3.0\n");
      assertThat(starts.get(1).getDetails())
          .containsEntry(AuditDetails.JOB_ID, jobIds.get(1))
          .containsEntry(
              AuditDetails.PREVIOUS_CONFIG_DIGEST,
              starts.get(0).getDetails().get(AuditDetails.CONFIG_DIGEST));

      List<byte[]> raw = rawBytesOfEveryTopic(bootstrap);
      assertThat(occurrences(raw, "databento.live_cost_usd_per_hour")).isGreaterThan(0);
      assertThat(occurrences(raw, key1)).isZero();
      assertThat(occurrences(raw, key2)).isZero();

      // what `nqflow audit config` prints
      StringWriter text = new StringWriter();
      CommandLine cli = new CommandLine(new Main());
      cli.setOut(new PrintWriter(text, true));
      cli.setErr(new PrintWriter(text, true));
      int rc =
          cli.execute(
              "audit", "config", "--component", "flow-detection", "--bootstrap-servers", bootstrap);
      assertThat(rc).as(text.toString()).isZero();
      System.out.println(text);
      assertThat(text.toString())
          .contains("flow-detection/baseline  config ")
          .contains("job " + jobIds.get(1))
          .contains("    initial\n")
          .contains("    ~ databento.live_cost_usd_per_hour: 2.0 -> 3.0\n")
          .doesNotContain(key1)
          .doesNotContain(key2);
    }
  }

  private static DatabentoConfig databento(String key, double costPerHour) {
    return new DatabentoConfig(
        Secret.of(key), "GLBX.MDP3", null, "https://hist.databento.com", costPerHour);
  }

  private static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return "db-" + HexFormat.of().formatHex(b);
  }

  private static long occurrences(List<byte[]> chunks, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    long hits = 0;
    for (byte[] hay : chunks) {
      outer:
      for (int i = 0; i + n.length <= hay.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (hay[i + j] != n[j]) {
            continue outer;
          }
        }
        hits++;
      }
    }
    return hits;
  }

  /** Keys, values and header values of every record of every topic, internal ones included. */
  private static List<byte[]> rawBytesOfEveryTopic(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, "false");
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .listTopics(Duration.ofSeconds(30))
          .forEach(
              (t, infos) -> infos.forEach(i -> parts.add(new TopicPartition(t, i.partition()))));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime()).as("scan reached every end in time").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null) {
            out.add(r.key());
          }
          if (r.value() != null) {
            out.add(r.value());
          }
          for (Header hd : r.headers()) {
            if (hd.value() != null) {
              out.add(hd.value());
            }
          }
        }
      }
    }
    return out;
  }
}

package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The risk gate job on a Flink MiniCluster reads its signals and writes its orders, decisions and
 * audit through Kafka sources and sinks ({@code KafkaIo}) whose brokers accept only SCRAM over TLS:
 * the job's settings carry {@code kafka.security}, and nothing else could reach the broker.
 */
class RiskGateSaslSslITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  @Test
  void theGateReadsAndWritesThroughSaslSsl() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.startSaslSsl(KafkaSecurity.SaslMechanism.SCRAM_SHA_256)) {
      KafkaConfig cfg = kafka.clientConfig();
      TopicAdmin.ensureTopics(cfg, 1, (short) 1);
      FlowSignal s1 = Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build();
      FlowSignal s2 = Fixtures.signal("s2", 7, TUESDAY_10_CT + 5 * MINUTE, 2.00).build();
      try (KafkaProducer<String, FlowSignal> producer =
          new KafkaProducer<>(
              cfg.clientProperties(),
              TopicSerdes.keySerializer(Topics.FLOW_SIGNALS),
              TopicSerdes.valueSerializer(Topics.FLOW_SIGNALS))) {
        for (FlowSignal s : List.of(s1, s2)) {
          producer
              .send(new ProducerRecord<>(Topics.FLOW_SIGNALS.name(), "NQH5", s))
              .get(30, TimeUnit.SECONDS);
        }
      }

      JobSettings job =
          new JobSettings(
                  kafka.bootstrapServers(),
                  1,
                  Duration.ofMillis(500),
                  DeliveryGuarantee.AT_LEAST_ONCE,
                  true,
                  Duration.ofMillis(200),
                  Duration.ofSeconds(1),
                  true,
                  "baseline")
              .withKafkaSecurity(cfg.security());
      assertThat(job.kafka().clientProperties()).isEqualTo(cfg.clientProperties());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      Environments.configure(env, job);
      RiskGateJob.attach(env, job, Fixtures.settings());
      env.execute(RiskGateJob.jobName(job));

      TopicReader reader = new TopicReader(cfg);
      Duration t = Duration.ofSeconds(30);
      List<OrderIntent> approved = reader.values(Topics.ORDERS_APPROVED, t);
      List<RiskDecision> rejected = reader.values(Topics.ORDERS_REJECTED, t);
      // the second signal of the same instrument would exceed max_position (as in
      // RiskGateJobITCase)
      assertThat(approved).hasSize(1);
      assertThat(rejected).hasSize(1);
      assertThat(List.of(approved.get(0).getSignalId(), rejected.get(0).getSignalId()))
          .containsExactlyInAnyOrder("s1", "s2");
      assertThat(reader.values(Topics.AUDIT, t))
          .extracting(AuditEvent::getAction)
          .containsExactlyInAnyOrder("APPROVED", "REJECTED");
    }
  }
}

package io.nqflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.chain.state.ContractState;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.Uids;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Savepoint safety of the Kafka-wired job: every operator, source and sink has a stable uid, and
 * the keyed state and the records between the operators are POJOs, never Kryo.
 */
class ChainJobGraphTest {
  @Test
  void everyOperatorHasAUid() {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    ChainAnalyticsJob.build(
        env, JobSettings.local("localhost:9092"), ChainAnalyticsSettings.defaults());
    StreamGraph graph = env.getStreamGraph();
    List<String> missing = new ArrayList<>();
    List<String> uids = new ArrayList<>();
    for (StreamNode n : graph.getStreamNodes()) {
      if (n.getTransformationUID() == null) {
        missing.add(n.getOperatorName());
      } else {
        uids.add(n.getTransformationUID());
      }
    }
    assertThat(missing).as("operators without a uid").isEmpty();
    assertThat(uids)
        .contains(
            Uids.SOURCE_MARKET_EVENTS,
            Uids.SOURCE_INSTRUMENTS,
            Uids.DECODE_MARKET_EVENTS,
            Uids.DECODE_INSTRUMENTS,
            Uids.CHAIN_ROUTER,
            Uids.CHAIN_RANKER)
        .doesNotHaveDuplicates();
    assertThat(String.join(",", uids))
        .contains(Uids.SINK_OPPORTUNITIES)
        .contains(Uids.SINK_DEAD_LETTERS);
  }

  @Test
  void stateAndRecordTypesArePojos() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ContractState.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ChainEvent.class);
    var descriptor = ChainRanker.contractsDescriptor();
    descriptor.initializeSerializerUnlessSet(new org.apache.flink.api.common.ExecutionConfig());
    assertThat(descriptor.getValueSerializer()).isInstanceOf(PojoSerializer.class);
    assertThat(ChainRanker.CONTRACT_STATE.createSerializer(new SerializerConfigImpl()).getClass())
        .isEqualTo(PojoSerializer.class);
  }
}

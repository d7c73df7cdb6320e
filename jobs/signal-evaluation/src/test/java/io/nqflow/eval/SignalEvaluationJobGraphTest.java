package io.nqflow.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.Uids;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Savepoint safety of the Kafka-wired job: every operator, source and sink has a stable uid, and
 * the keyed state and the records between the operators are POJOs, never Kryo.
 */
class SignalEvaluationJobGraphTest {
  @Test
  void everyOperatorHasAUid() {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    SignalEvaluationJob.build(
        env, JobSettings.local("localhost:9092"), EvaluationSettings.defaults(), false);
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
            Uids.SOURCE_FLOW_SIGNALS,
            Uids.SOURCE_ORDERS_APPROVED,
            Uids.SOURCE_ORDERS_REJECTED,
            Uids.SOURCE_EXEC_EVENTS,
            Uids.EVAL_OUTCOMES)
        .doesNotHaveDuplicates();
    assertThat(String.join(",", uids))
        .contains(Uids.SINK_OUTCOMES)
        .contains(Uids.SINK_DEAD_LETTERS);
  }

  @Test
  void stateAndRecordTypesArePojos() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(EvalEvent.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ShadowTrade.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(PricePath.class);
  }
}

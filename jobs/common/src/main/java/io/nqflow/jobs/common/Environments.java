package io.nqflow.jobs.common;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Applies {@link JobSettings} to an execution environment the same way for every job. */
public final class Environments {
  private Environments() {}

  public static void configure(StreamExecutionEnvironment env, JobSettings s) {
    env.setParallelism(s.parallelism());
    env.setBufferTimeout(s.bufferTimeout().toMillis());
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.OBJECT_REUSE, s.objectReuse());
    // State and messages are Avro or POJO; a type that falls back to Kryo is a bug
    // (docs/design.md §8, savepoint safety).
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(
        StateBackendOptions.STATE_BACKEND,
        s.stateBackend() == StateBackendKind.ROCKSDB ? "rocksdb" : "hashmap");
    if (s.savepointDir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.savepointDir());
      conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, s.savepointDir());
    }
    env.configure(conf);
    if (s.checkpointInterval() != null && !s.checkpointInterval().isZero()) {
      env.enableCheckpointing(
          s.checkpointInterval().toMillis(),
          s.delivery() == org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE
              ? CheckpointingMode.EXACTLY_ONCE
              : CheckpointingMode.AT_LEAST_ONCE);
    }
  }
}

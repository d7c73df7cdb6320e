package io.nqflow.jobs.common;

/**
 * Flink state backend: heap ({@code HASHMAP}) for small state and tests, {@code ROCKSDB} for
 * production.
 */
public enum StateBackendKind {
  HASHMAP,
  ROCKSDB
}

package io.nqflow.core.config;

/**
 * Kafka sink delivery guarantee (DESIGN §8): at-least-once for the hot path, exactly-once where
 * latency does not matter.
 */
public enum Delivery {
  AT_LEAST_ONCE,
  EXACTLY_ONCE
}

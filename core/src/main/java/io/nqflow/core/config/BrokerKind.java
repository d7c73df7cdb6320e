package io.nqflow.core.config;

/** Which broker the execution service sends orders to. */
public enum BrokerKind {
  PAPER,
  TRADOVATE
}

package io.nqflow.jobs.common;

/**
 * A Kafka record as bytes with where it came from, so that decoding happens in an operator that can
 * send undecodable input to the dead-letter topic instead of failing the source.
 */
public final class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
  }

  /** {@code topic-partition@offset}, the position named in dead letters. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }
}

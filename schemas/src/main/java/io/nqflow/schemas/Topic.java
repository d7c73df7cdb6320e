package io.nqflow.schemas;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic with its key type and value schema. Code names topics only through {@link Topics};
 * no topic string appears anywhere else.
 *
 * @param name topic name, e.g. {@code md.events}
 * @param keyType how keys are written
 * @param codec the value's Avro codec
 * @param compacted whether the topic uses log compaction (latest value per key)
 * @param description what the topic carries
 */
public record Topic<K, V extends SpecificRecord>(
    String name, KeyType keyType, AvroCodec<V> codec, boolean compacted, String description) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(codec, "codec");
  }

  static <V extends SpecificRecord> Topic<Long, V> longKeyed(
      String name, Class<V> type, boolean compacted, String description) {
    return new Topic<>(name, KeyType.LONG, new AvroCodec<>(type), compacted, description);
  }

  static <V extends SpecificRecord> Topic<String, V> stringKeyed(
      String name, Class<V> type, String description) {
    return new Topic<>(name, KeyType.STRING, new AvroCodec<>(type), false, description);
  }

  public Schema valueSchema() {
    return codec.schema();
  }

  public Class<V> valueType() {
    return codec.type();
  }

  public byte[] serializeKey(K key) {
    return keyType.encode(key);
  }

  @SuppressWarnings("unchecked")
  public K deserializeKey(byte[] bytes) {
    return (K) keyType.decode(bytes);
  }

  public byte[] serializeValue(V value) {
    return codec.encode(value);
  }

  public V deserializeValue(byte[] bytes) {
    return codec.decode(bytes);
  }

  @Override
  public String toString() {
    return name;
  }
}

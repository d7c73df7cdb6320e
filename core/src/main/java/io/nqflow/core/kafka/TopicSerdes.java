package io.nqflow.core.kafka;

import io.nqflow.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializers and deserializers for a {@link Topic}'s key and value. */
public final class TopicSerdes {
  private TopicSerdes() {}

  public static <K, V extends SpecificRecord> Serializer<K> keySerializer(Topic<K, V> topic) {
    return (t, key) -> topic.serializeKey(key);
  }

  public static <K, V extends SpecificRecord> Serializer<V> valueSerializer(Topic<K, V> topic) {
    return (t, value) -> value == null ? null : topic.serializeValue(value);
  }

  public static <K, V extends SpecificRecord> Deserializer<K> keyDeserializer(Topic<K, V> topic) {
    return (t, bytes) -> topic.deserializeKey(bytes);
  }

  public static <K, V extends SpecificRecord> Deserializer<V> valueDeserializer(Topic<K, V> topic) {
    return (t, bytes) -> topic.deserializeValue(bytes);
  }
}

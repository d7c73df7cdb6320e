package io.nqflow.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How a topic's record key is written: {@code LONG} as 8 bytes big-endian (Kafka's LongSerializer),
 * {@code STRING} as UTF-8 (Kafka's StringSerializer). Both are readable by any Kafka tool.
 */
public enum KeyType {
  LONG(Long.class),
  STRING(String.class);

  private final Class<?> javaType;

  KeyType(Class<?> javaType) {
    this.javaType = javaType;
  }

  public Class<?> javaType() {
    return javaType;
  }

  byte[] encode(Object key) {
    if (key == null) {
      return null;
    }
    return switch (this) {
      case LONG -> ByteBuffer.allocate(Long.BYTES).putLong((Long) key).array();
      case STRING -> ((String) key).getBytes(StandardCharsets.UTF_8);
    };
  }

  Object decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return switch (this) {
      case LONG -> {
        if (bytes.length != Long.BYTES) {
          throw new IllegalArgumentException(
              "long key must be 8 bytes, got " + bytes.length + " bytes");
        }
        yield ByteBuffer.wrap(bytes).getLong();
      }
      case STRING -> new String(bytes, StandardCharsets.UTF_8);
    };
  }
}

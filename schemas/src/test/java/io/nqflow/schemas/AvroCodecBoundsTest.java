package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.orders.v1.OrderIntent;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Corrupt records must fail with a MessageFormatException without allocating by the lengths and
 * counts they declare (a consumer would otherwise be taken down by one bad record).
 */
class AvroCodecBoundsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Found by TopicRecordFuzzTest: a signals.opportunity record whose decoding allocated 138 MB. */
  private static final String FUZZ_OPPORTUNITY =
      "wwEY1faL6l4XywpzN3FqaQpzOHNodwpzbTFzOQ4EAAAAAAAAAApzZ2gxMADpZpvkEZa74ge1toGUeH/DQLDyuB34QcNAbht/"
          + "mFlQpECcxf0g/8+8QKsLTY9olcJAhpjilN0GAApzNnJmOQpzYWRlZl615c6V4ZQBCNuLvIlzvUD4zqrMCqKnQLzGxDrr"
          + "7KVAKFn4FEJuwUAEBms3NJop679oJXpABmsxMAWowWMl/cJAAApzZHdwbl1W4Q6jgrFAHVMcFQttqkAAAAAAAA==";

  @Test
  void theFuzzersOpportunityFailsCleanlyAndCheaply() {
    byte[] bytes = Base64.getDecoder().decode(FUZZ_OPPORTUNITY);
    // the record starts with the Opportunity codec's own header, so the body is what is read
    assertThat(Arrays.copyOf(bytes, 10))
        .isEqualTo(AvroCodec.header(Topics.OPPORTUNITIES.valueSchema()));
    long before = THREADS.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(() -> Topics.OPPORTUNITIES.deserializeValue(bytes))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("Opportunity");
    assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(4L << 20);
  }

  @Test
  void aStringLongerThanTheRecordIsRefusedBeforeItIsAllocated() {
    OrderIntent intent = MessageRoundTripTest.sample(Topics.ORDERS_APPROVED, new Random(7), 0);
    byte[] valid = Topics.ORDERS_APPROVED.serializeValue(intent);
    // OrderIntent's first field is a string: its length varint follows the 10-byte header.
    assertThat(Topics.ORDERS_APPROVED.valueSchema().getFields().get(0).schema().getType())
        .isEqualTo(Schema.Type.STRING);
    // zig-zag varint of 2^30: 2^31 = 0x80000000 -> 80 80 80 80 08
    byte[] corrupt = new byte[valid.length + 4];
    System.arraycopy(valid, 0, corrupt, 0, 10);
    byte[] len = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    System.arraycopy(len, 0, corrupt, 10, 5);
    int oldLenBytes = 1; // the sample's strings are short: a one-byte length
    System.arraycopy(valid, 10 + oldLenBytes, corrupt, 15, valid.length - 10 - oldLenBytes);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(() -> Topics.ORDERS_APPROVED.deserializeValue(corrupt))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("OrderIntent")
        .hasMessageContaining("string of 1073741824 bytes");
    assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(4L << 20);
  }

  @Test
  void anArrayBlockWithMoreItemsThanBytesIsRefused() {
    byte[] body = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2};
    BoundedBinaryDecoder d = new BoundedBinaryDecoder(body, 0, body.length);
    assertThatThrownBy(d::readArrayStart)
        .hasMessageContaining("array block of 2147483647 items with 2 bytes left");
  }

  @Test
  void everyArrayItemAndMapEntryOfEveryTopicTakesAtLeastOneByte() {
    // The decoder's bound (items <= bytes left) holds only if no item can be encoded in 0 bytes.
    for (Topic<?, ?> t : Topics.ALL) {
      checkCollections(t.valueSchema(), t.name());
    }
  }

  private static void checkCollections(Schema s, String where) {
    switch (s.getType()) {
      case RECORD ->
          s.getFields().forEach(f -> checkCollections(f.schema(), where + "." + f.name()));
      case UNION -> s.getTypes().forEach(b -> checkCollections(b, where));
      case MAP -> checkCollections(s.getValueType(), where + "{}");
      case ARRAY -> {
        assertThat(minBytes(s.getElementType())).as(where + "[]").isGreaterThanOrEqualTo(1);
        checkCollections(s.getElementType(), where + "[]");
      }
      default -> {}
    }
  }

  /** The fewest bytes a value of the schema takes in Avro binary, from the specification. */
  private static int minBytes(Schema s) {
    return switch (s.getType()) {
      case NULL -> 0;
      case BOOLEAN, INT, LONG, ENUM, STRING, BYTES, ARRAY, MAP -> 1;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> s.getFixedSize();
      case UNION ->
          1 + s.getTypes().stream().mapToInt(AvroCodecBoundsTest::minBytes).min().orElse(0);
      case RECORD -> s.getFields().stream().mapToInt(f -> minBytes(f.schema())).sum();
    };
  }
}

package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Schemas evolve only compatibly (docs/design.md §5): every topic's current value schema must read
 * data written with its last released version, and the released version must read current data, so
 * producers and consumers can be upgraded in either order.
 */
class SchemaCompatibilityTest {
  /** The last released schema set; when a release is cut, copy the .avsc files to a new folder. */
  static final String RELEASED = "/released/0.1.0/";

  @Test
  void everyTopicSchemaIsFullyCompatibleWithItsReleasedVersion() throws IOException {
    for (Topic<?, ?> topic : Topics.ALL) {
      Schema current = topic.valueSchema();
      Schema released = released(current.getName());
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                  .getResult()
                  .getCompatibility())
          .as("%s (current) reads %s (released)", topic.name(), current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(released, current)
                  .getResult()
                  .getCompatibility())
          .as("%s (released) reads %s (current)", topic.name(), current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void theCheckRejectsAnIncompatibleChange() throws IOException {
    Schema released = released("CostEvent");
    // A new required field without a default cannot read old data.
    String json =
        released
            .toString()
            .replace("\"fields\":[", "\"fields\":[{\"name\":\"x\",\"type\":\"long\"},");
    Schema broken = new Schema.Parser().parse(json);
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(broken, released)
                .getResult()
                .getCompatibility())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema released(String name) throws IOException {
    try (InputStream in =
        SchemaCompatibilityTest.class.getResourceAsStream(RELEASED + name + ".avsc")) {
      assertThat(in).as("released copy of %s in %s", name, RELEASED).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}

package io.nqflow.schemas;

import io.nqflow.md.v1.MarketEvent;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes the Avro binary body of a {@link MarketEvent} with its typed getters: Avro's generic
 * writer cannot use generated coders for a record holding a union of records, so it walked
 * MarketEvent field by field (boxing every long and looking the payload's branch up by name), which
 * made encoding the feed's bound. The payload branch is found by its class and written by its own
 * generated coder. {@link #supports} checks the schema has the shape written here, so a changed
 * schema falls back to the generic writer instead of writing wrong bytes.
 */
final class MarketEventWriter implements DatumWriter<MarketEvent> {
  private static final List<String> FIELDS =
      List.of(
          "source:STRING",
          "instrument_id:LONG",
          "publisher_id:INT",
          "ts_event:LONG",
          "ts_recv:LONG",
          "sequence:LONG",
          "flags:INT",
          "payload:UNION");

  /** The union branch of each payload class. */
  private final Map<Class<?>, Integer> branches = new IdentityHashMap<>();

  MarketEventWriter(Schema schema) {
    if (!supports(schema)) {
      throw new IllegalArgumentException("not the MarketEvent shape this writer knows: " + schema);
    }
    List<Schema> types = schema.getField("payload").schema().getTypes();
    for (int i = 0; i < types.size(); i++) {
      branches.put(SpecificData.get().getClass(types.get(i)), i);
    }
  }

  /**
   * Whether {@code schema} has the fields written here, in order, and a payload union of generated
   * records that carry their own coders.
   */
  static boolean supports(Schema schema) {
    List<Schema.Field> fields = schema.getFields();
    if (fields.size() != FIELDS.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      Schema.Field f = fields.get(i);
      if (!FIELDS.get(i).equals(f.name() + ":" + f.schema().getType())) {
        return false;
      }
    }
    for (Schema branch : schema.getField("payload").schema().getTypes()) {
      if (branch.getType() != Schema.Type.RECORD) {
        return false;
      }
      Class<?> c = SpecificData.get().getClass(branch);
      if (c == null || !SpecificRecordBase.class.isAssignableFrom(c)) {
        return false;
      }
      // Generated classes declare customEncode only when they carry their own coders.
      try {
        c.getDeclaredMethod("customEncode", Encoder.class);
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void setSchema(Schema schema) {
    if (!supports(schema)) {
      throw new IllegalArgumentException("not the MarketEvent shape this writer knows: " + schema);
    }
  }

  @Override
  public void write(MarketEvent e, Encoder out) throws IOException {
    out.writeString(e.getSource());
    out.writeLong(e.getInstrumentId());
    out.writeInt(e.getPublisherId());
    out.writeLong(e.getTsEvent());
    out.writeLong(e.getTsRecv());
    out.writeLong(e.getSequence());
    out.writeInt(e.getFlags());
    Object payload = e.getPayload();
    Integer branch = payload == null ? null : branches.get(payload.getClass());
    if (branch == null) {
      throw new IOException(
          "MarketEvent payload is not a branch of its union: "
              + (payload == null ? "null" : payload.getClass().getName()));
    }
    out.writeIndex(branch);
    ((SpecificRecordBase) payload).customEncode(out);
  }
}

package io.nqflow.dbn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The wire layout of one record struct in one DBN version: its size and named fields. */
public final class RecordLayout {
  private final String structName;
  private final int version;
  private final int size;
  private final List<Field> fields;
  private final Map<String, Field> byName = new HashMap<>();

  RecordLayout(String structName, int version, int size, List<Field> fields) {
    this.structName = structName;
    this.version = version;
    this.size = size;
    this.fields = List.copyOf(fields);
    for (Field f : fields) {
      byName.put(f.name(), f);
    }
  }

  /** Databento's struct name, e.g. {@code InstrumentDefMsg}. */
  public String structName() {
    return structName;
  }

  /** Lowest DBN version this layout is used for (1 when shared by all versions). */
  public int version() {
    return version;
  }

  /** Struct size in bytes, header included, without the optional ts_out suffix. */
  public int size() {
    return size;
  }

  /** Fields after the 16-byte header, in wire order; reserved bytes are not listed. */
  public List<Field> fields() {
    return fields;
  }

  /** The field of this name, or null. */
  public Field field(String name) {
    return byName.get(name);
  }

  @Override
  public String toString() {
    return structName + "(v" + version + ", " + size + " bytes)";
  }

  /** Builds a layout field by field so offsets come from sizes, never typed by hand. */
  static final class Builder {
    private final String structName;
    private final int version;
    private final java.util.ArrayList<Field> fields = new java.util.ArrayList<>();
    private int offset = Dbn.RECORD_HEADER_LEN;

    Builder(String structName, int version) {
      this.structName = structName;
      this.version = version;
    }

    Builder add(String name, FieldType type) {
      fields.add(new Field(name, type, offset, type.width(), 1));
      offset += type.width();
      return this;
    }

    Builder u8(String name) {
      return add(name, FieldType.U8);
    }

    Builder i8(String name) {
      return add(name, FieldType.I8);
    }

    Builder u16(String name) {
      return add(name, FieldType.U16);
    }

    Builder i16(String name) {
      return add(name, FieldType.I16);
    }

    Builder u32(String name) {
      return add(name, FieldType.U32);
    }

    Builder i32(String name) {
      return add(name, FieldType.I32);
    }

    Builder u64(String name) {
      return add(name, FieldType.U64);
    }

    Builder i64(String name) {
      return add(name, FieldType.I64);
    }

    Builder chr(String name) {
      return add(name, FieldType.CHAR);
    }

    Builder cstr(String name, int len) {
      fields.add(new Field(name, FieldType.CSTR, offset, len, len));
      offset += len;
      return this;
    }

    Builder levels(String name, FieldType type, int count) {
      fields.add(new Field(name, type, offset, 32 * count, count));
      offset += 32 * count;
      return this;
    }

    Builder reserved(int len) {
      offset += len;
      return this;
    }

    RecordLayout build(int expectedSize) {
      if (offset != expectedSize) {
        throw new IllegalStateException(
            structName + " v" + version + " is " + offset + " bytes, expected " + expectedSize);
      }
      return new RecordLayout(structName, version, offset, fields);
    }
  }
}

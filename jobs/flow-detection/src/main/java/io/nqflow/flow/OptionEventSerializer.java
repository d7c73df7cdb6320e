package io.nqflow.flow;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A compact, non-reflective serializer for {@link OptionEvent}, the record on the router's hot
 * edges (every detector input) and in the detectors' waiting state. Flink's POJO serializer reads
 * and writes each field reflectively; this one writes the fields in a fixed order, enums as one
 * byte. Format version 1; a changed layout needs a new snapshot version.
 */
public final class OptionEventSerializer extends TypeSerializerSingleton<OptionEvent> {
  private static final long serialVersionUID = 1L;
  public static final OptionEventSerializer INSTANCE = new OptionEventSerializer();

  private static final InstrumentClass[] CLASSES = InstrumentClass.values();
  private static final EventKind[] KINDS = EventKind.values();
  private static final Side[] SIDES = Side.values();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public OptionEvent createInstance() {
    return new OptionEvent();
  }

  @Override
  public OptionEvent copy(OptionEvent from) {
    return copy(from, new OptionEvent());
  }

  @Override
  public OptionEvent copy(OptionEvent f, OptionEvent t) {
    t.instrumentId = f.instrumentId;
    t.rawSymbol = f.rawSymbol;
    t.underlying = f.underlying;
    t.instrumentClass = f.instrumentClass;
    t.strike = f.strike;
    t.expiration = f.expiration;
    t.multiplier = f.multiplier;
    t.tsEvent = f.tsEvent;
    t.tsRecv = f.tsRecv;
    t.sequence = f.sequence;
    t.kind = f.kind;
    t.side = f.side;
    t.price = f.price;
    t.size = f.size;
    t.orderId = f.orderId;
    t.depth = f.depth;
    t.recentBuy = f.recentBuy;
    t.recentSell = f.recentSell;
    return t;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(OptionEvent e, DataOutputView out) throws IOException {
    out.writeLong(e.instrumentId);
    writeString(e.rawSymbol, out);
    writeString(e.underlying, out);
    out.writeByte(e.instrumentClass == null ? -1 : e.instrumentClass.ordinal());
    out.writeLong(e.strike);
    out.writeLong(e.expiration);
    out.writeLong(e.multiplier);
    out.writeLong(e.tsEvent);
    out.writeLong(e.tsRecv);
    out.writeLong(e.sequence);
    out.writeByte(e.kind == null ? -1 : e.kind.ordinal());
    out.writeByte(e.side == null ? -1 : e.side.ordinal());
    out.writeLong(e.price);
    out.writeLong(e.size);
    out.writeLong(e.orderId);
    out.writeInt(e.depth);
    out.writeLong(e.recentBuy);
    out.writeLong(e.recentSell);
  }

  @Override
  public OptionEvent deserialize(DataInputView in) throws IOException {
    return deserialize(new OptionEvent(), in);
  }

  @Override
  public OptionEvent deserialize(OptionEvent e, DataInputView in) throws IOException {
    e.instrumentId = in.readLong();
    e.rawSymbol = readString(in);
    e.underlying = readString(in);
    int c = in.readByte();
    e.instrumentClass = c < 0 ? null : CLASSES[c];
    e.strike = in.readLong();
    e.expiration = in.readLong();
    e.multiplier = in.readLong();
    e.tsEvent = in.readLong();
    e.tsRecv = in.readLong();
    e.sequence = in.readLong();
    int k = in.readByte();
    e.kind = k < 0 ? null : KINDS[k];
    int s = in.readByte();
    e.side = s < 0 ? null : SIDES[s];
    e.price = in.readLong();
    e.size = in.readLong();
    e.orderId = in.readLong();
    e.depth = in.readInt();
    e.recentBuy = in.readLong();
    e.recentSell = in.readLong();
    return e;
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  private static void writeString(String s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readString(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  @Override
  public TypeSerializerSnapshot<OptionEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores {@link OptionEventSerializer#INSTANCE}. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<OptionEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes {@code TypeInformation.of(OptionEvent.class)} use this serializer. */
  public static final class TypeInfoFactoryImpl extends TypeInfoFactory<OptionEvent> {
    @Override
    public TypeInformation<OptionEvent> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new Info();
    }
  }

  /** The type information of {@link OptionEvent}: an atomic type with this serializer. */
  public static final class Info extends TypeInformation<OptionEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<OptionEvent> getTypeClass() {
      return OptionEvent.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<OptionEvent> createSerializer(SerializerConfig config) {
      return INSTANCE;
    }

    @Override
    public String toString() {
      return "OptionEvent(compact)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Info;
    }

    @Override
    public int hashCode() {
      return Info.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof Info;
    }
  }
}

package io.nqflow.jobs.common;

import io.nqflow.md.v1.MarketEvent;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link MarketEvent} for the edge from the md.events decoder to the keyed event
 * router, which carries every market event of a session. It writes the md.events wire bytes
 * (length, then the single-object encoding) with the topic's codec, whose typed writer and direct
 * reader skip the reflection and schema resolution of Flink's {@code AvroSerializer}. Only for
 * edges: operator state keeps {@code AvroTypeInfo}, whose snapshots existing savepoints hold.
 */
public final class MarketEventSerializer extends TypeSerializerSingleton<MarketEvent> {
  private static final long serialVersionUID = 1L;
  public static final MarketEventSerializer INSTANCE = new MarketEventSerializer();

  /** Type information for {@code .returns(...)} on the hot edge. */
  public static final TypeInformation<MarketEvent> TYPE = new Info();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public MarketEvent createInstance() {
    return new MarketEvent();
  }

  @Override
  public MarketEvent copy(MarketEvent from) {
    return SpecificData.get().deepCopy(MarketEvent.getClassSchema(), from);
  }

  @Override
  public MarketEvent copy(MarketEvent from, MarketEvent reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(MarketEvent record, DataOutputView target) throws IOException {
    byte[] bytes = Topics.MARKET_EVENTS.serializeValue(record);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public MarketEvent deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    return Topics.MARKET_EVENTS.deserializeValue(bytes);
  }

  @Override
  public MarketEvent deserialize(MarketEvent reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public TypeSerializerSnapshot<MarketEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores {@link MarketEventSerializer#INSTANCE}. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<MarketEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** An atomic type with this serializer. */
  private static final class Info extends TypeInformation<MarketEvent> {
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
    public Class<MarketEvent> getTypeClass() {
      return MarketEvent.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<MarketEvent> createSerializer(SerializerConfig config) {
      return INSTANCE;
    }

    @Override
    public String toString() {
      return "MarketEvent(md.events wire bytes)";
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

package io.nqflow.risk.micro;

import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;

/**
 * One input of {@link MicroQuotes}, keyed by instrument id: a definition from md.instruments or an
 * event from md.events (exactly one is set). A POJO of Avro records, so Flink serializes it without
 * Kryo.
 */
public class MicroInput {
  public Instrument definition;
  public MarketEvent event;

  public MicroInput() {}

  public static MicroInput of(Instrument d) {
    MicroInput in = new MicroInput();
    in.definition = d;
    return in;
  }

  public static MicroInput of(MarketEvent e) {
    MicroInput in = new MicroInput();
    in.event = e;
    return in;
  }

  /** The instrument id, the key. */
  public long instrumentId() {
    return definition != null ? definition.getInstrumentId() : event.getInstrumentId();
  }
}

package io.nqflow.flow.routing;

import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.md.v1.MarketEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Side outputs of the flow-detection job (dead letters use the shared {@code DeadLetters.TAG}). */
public final class FlowTags {
  private FlowTags() {}

  /** Market events behind the watermark: counted and kept here, never dropped silently. */
  public static final OutputTag<MarketEvent> LATE_EVENTS =
      new OutputTag<>("late-market-events", new AvroTypeInfo<>(MarketEvent.class));

  /** Prices of underlying futures, from their trades, for the detectors' broadcast state. */
  public static final OutputTag<UnderlyingPrice> UNDERLYING_PRICES =
      new OutputTag<>("underlying-prices", TypeInformation.of(UnderlyingPrice.class));

  /** Trades of underlying futures (aggressor, size), for the confirmation stage's hedge check. */
  public static final OutputTag<OptionEvent> FUTURES_TRADES =
      new OutputTag<>("futures-trades", TypeInformation.of(OptionEvent.class));
}

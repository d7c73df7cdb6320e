package io.nqflow.simulator.dbn;

/**
 * The subset of a DBN v3 instrument definition (rtype 0x13, 520 bytes) the simulator sets; every
 * other field is written as Databento's "undefined" value. Prices in 1e-9 units ({@code
 * unitOfMeasureQty} too: 20e9 means 20 index points per contract point), times in ns.
 */
public record InstrumentDefMsg(
    int publisherId,
    int instrumentId,
    long tsEvent,
    long tsRecv,
    long minPriceIncrement,
    long displayFactor,
    long expiration,
    long activation,
    long highLimitPrice,
    long lowLimitPrice,
    long unitOfMeasureQty,
    long strikePrice,
    long underlyingId,
    int marketDepth,
    int minLotSize,
    int channelId,
    int maturityYear,
    int maturityMonth,
    int maturityDay,
    String currency,
    String rawSymbol,
    String group,
    String exchange,
    String asset,
    String cfi,
    String securityType,
    String unitOfMeasure,
    String underlying,
    String strikePriceCurrency,
    char instrumentClass,
    char matchAlgorithm,
    char securityUpdateAction,
    int underlyingProduct,
    int tickRule)
    implements DbnRecord {}

package io.nqflow.dbn.record;

/**
 * A materialized, immutable DBN record in the v3 layout. Field names follow Databento's in
 * camelCase; u32 fields are {@code long}, u64 fields hold the raw 64 bits, prices are 1e-9 units.
 */
public sealed interface DbnMessage
    permits MboMsg,
        TradeMsg,
        Mbp1Msg,
        Mbp10Msg,
        BboMsg,
        CbboMsg,
        Cmbp1Msg,
        OhlcvMsg,
        StatusMsg,
        InstrumentDefMsg,
        ImbalanceMsg,
        StatMsg,
        ErrorMsg,
        SymbolMappingMsg,
        SystemMsg {

  /** The record header. */
  RecordHeader hd();

  default int rtype() {
    return hd().rtype();
  }

  default int publisherId() {
    return hd().publisherId();
  }

  default long instrumentId() {
    return hd().instrumentId();
  }

  default long tsEvent() {
    return hd().tsEvent();
  }

  /** Length in bytes. */
  default int length() {
    return hd().length() * 4;
  }
}

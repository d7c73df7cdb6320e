package io.nqflow.dbn.record;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.Layouts;

/**
 * The 16-byte header of every record.
 *
 * @param length record length in 4-byte words, as on the wire
 * @param rtype record type, see {@link io.nqflow.dbn.RType}
 * @param publisherId Databento publisher id
 * @param instrumentId instrument id (u32)
 * @param tsEvent matching-engine timestamp, ns since the UNIX epoch (u64)
 */
public record RecordHeader(
    int length, int rtype, int publisherId, long instrumentId, long tsEvent) {

  /** A header whose length is that of the rtype's v3 layout (no ts_out). */
  public static RecordHeader of(int rtype, int publisherId, long instrumentId, long tsEvent) {
    var layout = Layouts.of(rtype, Dbn.VERSION);
    if (layout == null) {
      throw new IllegalArgumentException("unknown rtype " + rtype);
    }
    return new RecordHeader(
        layout.size() / Dbn.LENGTH_MULTIPLIER, rtype, publisherId, instrumentId, tsEvent);
  }
}

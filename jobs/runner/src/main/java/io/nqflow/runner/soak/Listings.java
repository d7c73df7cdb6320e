package io.nqflow.runner.soak;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.record.InstrumentDefMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments the soak's sessions listed, read from their definition files independently of the
 * jobs: an upper bound for the keys the jobs may still hold at the end.
 *
 * @param expirationNs per instrument id, its expiration (ns since the epoch; the latest definition
 *     wins; {@code Long.MAX_VALUE} when it has none)
 */
public record Listings(Map<Long, Long> expirationNs) {
  /** Two days: no operator keeps an instrument's state longer than this after its expiration. */
  public static final long MAX_RETENTION_NS = 2 * 86_400_000_000_000L;

  /** Reads {@code definition.dbn} of each session folder that has one. */
  public static Listings read(List<Path> sessions) throws IOException {
    Map<Long, Long> out = new HashMap<>();
    for (Path s : sessions) {
      Path f = s.resolve("definition.dbn");
      if (!Files.isRegularFile(f)) {
        continue;
      }
      try (DbnDecoder d = DbnDecoder.open(f)) {
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          if (r.toMessage() instanceof InstrumentDefMsg def) {
            long exp = def.expiration();
            // DBN's "no value" for a timestamp is u64 max.
            out.put(r.instrumentId(), exp == -1L ? Long.MAX_VALUE : exp);
          }
        }
      }
    }
    return new Listings(Map.copyOf(out));
  }

  /** Instruments listed. */
  public long listed() {
    return expirationNs.size();
  }

  /** Instruments that expired at or before {@code tsNs}. */
  public long expiredBy(long tsNs) {
    return expirationNs.values().stream().filter(e -> e <= tsNs).count();
  }

  /**
   * Instruments whose state every operator must have cleared by {@code tsNs}: expired more than
   * {@link #MAX_RETENTION_NS} before it.
   */
  public long retiredBy(long tsNs) {
    return expirationNs.values().stream()
        .filter(e -> e != Long.MAX_VALUE && e + MAX_RETENTION_NS <= tsNs)
        .count();
  }
}

package io.nqflow.runner.soak;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.TradeMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many instruments hold a volume baseline in each session, counted from the replayed sessions'
 * own files, independently of the jobs. A detector's baseline of an instrument (docs/algorithms.md,
 * "Baselines") is written when the instrument trades in a session after one it already traded in,
 * and removed a retention after its expiration; its size is fixed from then on. So the baseline
 * detectors' state follows this count — it rises through a week as more strikes trade a second time
 * and falls when an expiry retires a series — and a soak judges their state by the growth this
 * count does not explain.
 *
 * @param perSession for session k (0-based, in replay order), the instruments that traded in at
 *     least two of sessions 0..k and were not expired longer than the retention at session k's
 *     first trade
 */
public record BaselinePopulation(long[] perSession) {

  /**
   * Reads {@code trades.dbn} and {@code definition.dbn} of each session folder, in order.
   *
   * @param retentionNs how long after its expiration an instrument's state is kept (event time)
   */
  public static BaselinePopulation read(List<Path> sessions, long retentionNs) throws IOException {
    Map<Long, Long> expiration = new HashMap<>();
    Set<Long> tradedBefore = new HashSet<>();
    Set<Long> withBaseline = new HashSet<>();
    long[] out = new long[sessions.size()];
    for (int k = 0; k < sessions.size(); k++) {
      Path s = sessions.get(k);
      Path defs = s.resolve("definition.dbn");
      if (Files.isRegularFile(defs)) {
        try (DbnDecoder d = DbnDecoder.open(defs)) {
          for (DbnRecord r = d.next(); r != null; r = d.next()) {
            if (r.toMessage() instanceof InstrumentDefMsg def) {
              long exp = def.expiration();
              expiration.put(r.instrumentId(), exp == -1L ? Long.MAX_VALUE : exp);
            }
          }
        }
      }
      Set<Long> traded = new HashSet<>();
      long first = Long.MAX_VALUE;
      Path trades = s.resolve("trades.dbn");
      if (!Files.isRegularFile(trades)) {
        throw new IOException(trades + ": missing (the soak's sessions carry one each)");
      }
      try (DbnDecoder d = DbnDecoder.open(trades)) {
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          if (r.toMessage() instanceof TradeMsg) {
            traded.add(r.instrumentId());
            first = Math.min(first, r.tsEvent());
          }
        }
      }
      for (long id : traded) {
        if (tradedBefore.contains(id)) {
          withBaseline.add(id);
        }
      }
      tradedBefore.addAll(traded);
      long now = first;
      withBaseline.removeIf(
          id -> {
            long exp = expiration.getOrDefault(id, Long.MAX_VALUE);
            return exp != Long.MAX_VALUE && now != Long.MAX_VALUE && exp + retentionNs <= now;
          });
      out[k] = withBaseline.size();
    }
    return new BaselinePopulation(out);
  }

  /**
   * The count during a session, by the sampler's session number (1 = the first session replayed);
   * NaN outside the sessions read.
   */
  public double atSessionNumber(double number) {
    if (Double.isNaN(number)) {
      return Double.NaN;
    }
    int k = (int) number - 1;
    return k >= 0 && k < perSession.length ? perSession[k] : Double.NaN;
  }

  /** The sample table with a {@value #COLUMN} column added from its {@code session} column. */
  public SampleTable addTo(SampleTable table) {
    if (table.columns().contains(COLUMN)) {
      return table;
    }
    double[] session = table.column("session");
    List<String> columns = new java.util.ArrayList<>(table.columns());
    columns.add(COLUMN);
    List<double[]> rows = new java.util.ArrayList<>();
    for (int i = 0; i < session.length; i++) {
      double[] r = java.util.Arrays.copyOf(table.rows().get(i), columns.size());
      r[columns.size() - 1] = atSessionNumber(session[i]);
      rows.add(r);
    }
    return new SampleTable(List.copyOf(columns), List.copyOf(rows));
  }

  /** Column of the sample table that holds the count. */
  public static final String COLUMN = "baseline_instruments";
}

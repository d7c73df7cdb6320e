package io.nqflow.eval.report;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.market.CmeCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A way to group outcomes for the figures: by variant, day, algorithm, confidence or hour. */
public enum Dimension {
  /** The A/B variant tag. */
  VARIANT("variant", o -> text(o.getVariant())),
  /** The CME trading day of ts_signal (17:00 CT starts the next day), ISO date. */
  DAY("trading day", o -> CmeCalendar.tradingDay(o.getTsSignal()).toString()),
  /** The detector. */
  ALGORITHM("algorithm", o -> text(o.getAlgorithm())),
  /** The signal's confidence bucket. */
  CONFIDENCE("confidence", o -> text(o.getConfidence())),
  /** The hour of ts_signal in Chicago time, e.g. {@code 08:00-08:59 CT}. */
  HOUR("time of day (CT)", o -> hour(o.getTsSignal()));

  private final String label;
  private final Function<SignalOutcome, String> key;

  Dimension(String label, Function<SignalOutcome, String> key) {
    this.label = label;
    this.key = key;
  }

  /** Column heading. */
  public String label() {
    return label;
  }

  /** The group of an outcome. */
  public String key(SignalOutcome o) {
    return key.apply(o);
  }

  /** The outcomes per group, groups in ascending order. */
  public Map<String, List<SignalOutcome>> groups(List<SignalOutcome> outcomes) {
    Map<String, List<SignalOutcome>> m = new TreeMap<>();
    for (SignalOutcome o : outcomes) {
      m.computeIfAbsent(key(o), k -> new ArrayList<>()).add(o);
    }
    return m;
  }

  /** The figures per group, groups in ascending order. */
  public Map<String, Figures> figures(List<SignalOutcome> outcomes) {
    Map<String, Figures> m = new LinkedHashMap<>();
    groups(outcomes).forEach((k, v) -> m.put(k, Figures.of(v)));
    return m;
  }

  private static String text(CharSequence s) {
    return s == null || s.isEmpty() ? "(none)" : s.toString();
  }

  static String hour(long epochNs) {
    int h =
        Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L))
            .atZone(CmeCalendar.CHICAGO)
            .getHour();
    return String.format(Locale.ROOT, "%02d:00-%02d:59 CT", h, h);
  }
}

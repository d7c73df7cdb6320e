package io.nqflow.simulator.eval;

import java.util.List;

/**
 * The evaluation of many sessions (runs x days), per variant: what {@code nqflow evaluate --run}
 * prints, as a table ({@link #toTable()}) or JSON ({@link #toJson()}).
 *
 * @param graceMs matching grace after an episode's end
 * @param days which days were scored: mbo or all
 * @param minConfidence the confidence filter applied before scoring, null for none
 * @param sessions the scored sessions (run, day, regime, hours; with their episodes and signals)
 * @param skippedDays days left out
 * @param skippedEpisodes episodes of those days
 * @param skippedSignals signals on those days (or on no day of their run)
 * @param belowMinConfidence signals dropped by the confidence filter
 * @param notes assumptions made while loading
 * @param variants one report per variant, in the order the signals files were given
 */
public record ProtocolReport(
    long graceMs,
    String days,
    String minConfidence,
    List<Session> sessions,
    int skippedDays,
    int skippedEpisodes,
    int skippedSignals,
    int belowMinConfidence,
    List<String> notes,
    List<VariantReport> variants) {

  public ProtocolReport {
    sessions = List.copyOf(sessions);
    notes = List.copyOf(notes);
    variants = List.copyOf(variants);
  }

  /** Session-hours of every scored session. */
  public double sessionHours() {
    return sessions.stream().mapToDouble(Session::hours).sum();
  }

  /** The report of one variant; fails naming the variants there are. */
  public VariantReport variant(String name) {
    return variants.stream()
        .filter(v -> v.variant().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no variant '"
                        + name
                        + "', have "
                        + variants.stream().map(VariantReport::variant).toList()));
  }

  public String toTable() {
    return ReportText.render(this);
  }

  public String toJson() {
    return ReportJson.render(this);
  }
}

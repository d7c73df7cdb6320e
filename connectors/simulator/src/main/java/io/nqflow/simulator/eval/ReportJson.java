package io.nqflow.simulator.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ProtocolReport}: snake_case keys, every share as {@code x} plus {@code
 * x_ci95} = [low, high] and the counts it comes from.
 */
final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static String render(ProtocolReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("grace_ms", r.graceMs());
    root.put("days", r.days());
    if (r.minConfidence() != null) {
      root.put("min_confidence", r.minConfidence());
      root.put("below_min_confidence", r.belowMinConfidence());
    }
    root.put("session_hours", round(r.sessionHours()));
    ArrayNode sessions = root.putArray("sessions");
    for (Session s : r.sessions()) {
      ObjectNode o = sessions.addObject();
      o.put("run", s.run());
      o.put("day", s.day());
      o.put("regime", s.regime());
      o.put("hours", round(s.hours()));
      o.put("episodes", s.episodes().size());
      o.put("signals", s.signals().size());
    }
    ObjectNode skipped = root.putObject("left_out");
    skipped.put("days", r.skippedDays());
    skipped.put("episodes", r.skippedEpisodes());
    skipped.put("signals", r.skippedSignals());
    r.notes().forEach(root.putArray("notes")::add);
    ArrayNode variants = root.putArray("variants");
    for (VariantReport v : r.variants()) {
      ObjectNode o = variants.addObject();
      o.put("variant", v.variant());
      tally(o.putObject("overall"), v.overall());
      map(o.putObject("per_kind"), v.perKind());
      map(o.putObject("per_regime"), v.perRegime());
      map(o.putObject("per_algorithm"), v.perAlgorithm());
      calibration(o.putArray("confidence"), v.confidence());
      ObjectNode buckets = o.putObject("score_buckets");
      v.scoreBuckets().forEach((a, rows) -> calibration(buckets.putArray(a), rows));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void map(ObjectNode o, Map<String, Tally> m) {
    m.forEach((k, t) -> tally(o.putObject(k), t));
  }

  private static void calibration(ArrayNode a, List<CalibrationRow> rows) {
    for (CalibrationRow c : rows) {
      ObjectNode o = a.addObject();
      o.put("label", c.label());
      if (!Double.isNaN(c.lo())) {
        o.put("score_lo", c.lo());
        o.put("score_hi", c.hi());
      }
      o.put("signals", c.bucket().signals());
      share(o, "share_true", c.bucket().precision());
      if (c.atLeast() != null) {
        ObjectNode x = o.putObject("at_least");
        x.put("signals", c.atLeast().signals());
        share(x, "precision", c.atLeast().precision());
        share(x, "recall", c.atLeast().recall());
        x.put("signals_per_hour", round(c.atLeast().signalsPerHour()));
      }
    }
  }

  private static void tally(ObjectNode o, Tally t) {
    o.put("signals", t.signals());
    o.put("true_positive_signals", t.truePositives());
    o.put("decoy_false_positives", t.decoyFalsePositives());
    o.put("unmatched_signals", t.unmatched());
    o.put("matching_signals", t.matching());
    o.put("episodes", t.episodes());
    o.put("detected", t.detected());
    o.put("decoys", t.decoys());
    o.put("decoys_signalled", t.decoysSignalled());
    share(o, "precision", t.precision());
    share(o, "recall", t.recall());
    share(o, "decoys_signalled_share", t.decoysSignalledShare());
    o.put("f1", round(t.f1()));
    o.put("sessions", t.sessions());
    o.put("hours", round(t.hours()));
    o.put("false_per_hour", round(t.falsePerHour()));
    o.put("signals_per_hour", round(t.signalsPerHour()));
    ObjectNode l = o.putObject("latency_ms");
    l.put("count", t.latency().count());
    l.put("mean", round(t.latency().meanMs()));
    l.put("median", round(t.latency().medianMs()));
    l.put("p90", round(t.latency().p90Ms()));
    l.put("max", round(t.latency().maxMs()));
  }

  private static void share(ObjectNode o, String name, Proportion p) {
    o.put(name, round(p.value()));
    o.putArray(name + "_ci95").add(round(p.lo())).add(round(p.hi()));
  }

  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}

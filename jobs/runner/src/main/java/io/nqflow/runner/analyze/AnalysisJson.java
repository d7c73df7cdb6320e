package io.nqflow.runner.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ChainVolatility;
import io.nqflow.chain.model.GammaStrike;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Positioning;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.state.ChainSnapshotJson;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.market.Black76;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code nqflow analyze --json} document: the analyzed expiry's verdict, battle zones, dealer
 * positioning, ranked opportunities and strike table. Numbers that are not finite are written as
 * the strings {@code "Infinity"}, {@code "-Infinity"} or {@code "NaN"}; missing levels as null.
 */
final class AnalysisJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnalysisJson() {}

  /**
   * The document.
   *
   * @param asOfNs the snapshot's moment, or {@link ChainSnapshotJson#UNKNOWN_AS_OF}
   * @param top opportunities written
   */
  /**
   * A strike's implied volatilities (Black-76 at its marks) and greeks at them: delta per side,
   * gamma per point at the strike's volatility; null where the time or a mark gives none.
   */
  private static void greeks(ObjectNode j, StrikeRow row, double f, long expiryNs, long asOfNs) {
    double years =
        asOfNs == ChainSnapshotJson.UNKNOWN_AS_OF
            ? Double.NaN
            : ChainVolatility.yearsToExpiry(expiryNs, asOfNs);
    boolean timed = years > 0;
    double callIv =
        timed && row.call() != null
            ? ChainVolatility.contractVol(row.call(), f, years)
            : Double.NaN;
    double putIv =
        timed && row.put() != null ? ChainVolatility.contractVol(row.put(), f, years) : Double.NaN;
    double strikeIv = timed ? ChainVolatility.strikeVol(row, f, years) : Double.NaN;
    Black76 b = Black76.STANDARD;
    orNull(j, "call_iv", callIv);
    orNull(j, "put_iv", putIv);
    orNull(
        j,
        "call_delta",
        Double.isNaN(callIv) ? Double.NaN : b.delta(true, f, row.strike(), years, callIv));
    orNull(
        j,
        "put_delta",
        Double.isNaN(putIv) ? Double.NaN : b.delta(false, f, row.strike(), years, putIv));
    orNull(
        j,
        "gamma",
        Double.isNaN(strikeIv) ? Double.NaN : b.gamma(f, row.strike(), years, strikeIv));
  }

  private static void orNull(ObjectNode j, String name, double v) {
    if (Double.isFinite(v)) {
      j.put(name, v);
    } else {
      j.putNull(name);
    }
  }

  static ObjectNode document(ModelResult r, long asOfNs, int top) {
    ObjectNode o = JSON.createObjectNode();
    o.put("underlying", r.chain().underlying());
    o.put("expiry", ChainSnapshotJson.expirationText(r.chain().expirationNs()));
    if (asOfNs == ChainSnapshotJson.UNKNOWN_AS_OF) {
      o.putNull("as_of");
    } else {
      o.put("as_of", ChainSnapshotJson.instantText(asOfNs));
    }
    o.put("model", r.model());
    number(o, "underlying_price", r.underlying());
    o.put("underlying_estimated", r.underlyingEstimated());
    o.put("multiplier", r.chain().multiplier());
    risk(o, r.risk());
    positioning(o, r.positioning());
    o.put("candidates", r.candidates());
    ArrayNode opps = o.putArray("opportunities");
    for (Setup s : r.setups().subList(0, Math.min(top, r.setups().size()))) {
      ObjectNode j = opps.addObject();
      j.put("direction", s.direction().name());
      number(j, "target", s.target());
      number(j, "stop", s.stop());
      number(j, "reward", s.reward());
      number(j, "risk", s.risk());
      number(j, "probability", s.probability());
      number(j, "ev", s.ev());
      ObjectNode f = j.putObject("factors");
      for (Map.Entry<String, Double> e : s.factors().entrySet()) {
        number(f, e.getKey(), e.getValue() == null ? Double.NaN : e.getValue());
      }
    }
    ArrayNode strikes = o.putArray("strikes");
    for (StrikeRow row : r.chain().strikes()) {
      ObjectNode j = strikes.addObject();
      j.put("strike", row.strike());
      j.put("call_oi", row.callOi());
      j.put("put_oi", row.putOi());
      j.put("call_volume", row.callVolume());
      j.put("put_volume", row.putVolume());
      number(j, "call_mark", row.callMark());
      number(j, "put_mark", row.putMark());
      greeks(j, row, r.underlying(), r.chain().expirationNs(), asOfNs);
    }
    return o;
  }

  static void write(ObjectNode doc, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      OwnerOnly.createMissingDirectories(parent);
    }
    OwnerOnly.write(
        file, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
  }

  private static void risk(ObjectNode o, RiskAnalysis risk) {
    if (risk == null) {
      o.putNull("risk");
      return;
    }
    ObjectNode j = o.putObject("risk");
    number(j, "call_risk_usd", risk.callRiskUsd());
    number(j, "put_risk_usd", risk.putRiskUsd());
    number(j, "ratio", risk.ratio());
    j.put("verdict", risk.verdict() == null ? null : risk.verdict().name());
    ArrayNode zones = j.putArray("battle_zones");
    for (BattleZone z : risk.zones()) {
      ObjectNode b = zones.addObject();
      b.put("strike", z.strike());
      b.put("side", z.right().code());
      number(b, "risk_usd", z.riskUsd());
      number(b, "distance", z.distance());
      b.put("urgency", z.urgency() == null ? null : z.urgency().name());
      number(b, "danger", z.danger());
      if (Double.isNaN(z.volumeOverOi())) {
        b.putNull("volume_over_oi");
      } else {
        number(b, "volume_over_oi", z.volumeOverOi());
      }
      b.put("reinforcement", z.reinforcement() == null ? null : z.reinforcement().name());
    }
  }

  private static void positioning(ObjectNode o, Positioning p) {
    if (p == null) {
      o.putNull("positioning");
      return;
    }
    ObjectNode j = o.putObject("positioning");
    number(j, "volatility", p.volatility());
    number(j, "total_gex_per_point", p.totalGexPerPoint());
    number(j, "total_gex_per_pct", p.totalGexPerPct());
    level(j, "zero_gamma", p.zeroGamma());
    level(j, "call_wall", p.callWall());
    level(j, "put_wall", p.putWall());
    level(j, "max_pain", p.maxPain());
    ArrayNode strikes = j.putArray("strikes");
    for (GammaStrike g : p.strikes()) {
      ObjectNode s = strikes.addObject();
      s.put("strike", g.strike());
      number(s, "call_gex_per_point", g.callGexPerPoint());
      number(s, "put_gex_per_point", g.putGexPerPoint());
      number(s, "call_gex_per_pct", g.callGexPerPct());
      number(s, "put_gex_per_pct", g.putGexPerPct());
    }
  }

  private static void level(ObjectNode j, String name, Double v) {
    if (v == null) {
      j.putNull(name);
    } else {
      number(j, name, v);
    }
  }

  /** A number, or its name as a string when it is not finite (JSON has no infinity). */
  static void number(ObjectNode j, String name, double v) {
    if (Double.isFinite(v)) {
      j.put(name, v);
    } else {
      j.put(name, nonFinite(v));
    }
  }

  static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  }

  static String fmt(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "n/a" : v > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}

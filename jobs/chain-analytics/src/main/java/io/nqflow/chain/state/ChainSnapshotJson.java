package io.nqflow.chain.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.Right;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Multipliers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The chain snapshot file ({@code nqflow analyze --chain}, {@code --dump-chain}): one underlying's
 * options at one moment as JSON (docs/algorithms.md, "Chain snapshot format"). Reading is strict:
 * an unknown, missing or malformed field is an {@link IllegalArgumentException} naming the file,
 * the field and the contract's index, e.g. {@code chain.json: contracts[3].type: must be C or P}.
 *
 * <p>A date-only expiration means 15:00 America/Chicago on that date (CME's equity options expire
 * at 16:00 New York time); an instant is any ISO-8601 date-time with an offset. A missing {@code
 * as_of} reads as {@link #UNKNOWN_AS_OF}.
 */
public final class ChainSnapshotJson {
  /**
   * {@link ChainSnapshot#asOfNs()} of a snapshot without {@code as_of}: the models' unknown time.
   */
  public static final long UNKNOWN_AS_OF = io.nqflow.chain.model.ChainModel.UNKNOWN_AS_OF;

  /** Local time of a date-only expiration, in {@link CmeCalendar#CHICAGO}. */
  public static final LocalTime DATE_EXPIRY_TIME = LocalTime.of(15, 0);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP_FIELDS =
      Set.of("underlying", "underlying_price", "multiplier", "as_of", "contracts");
  private static final Set<String> CONTRACT_FIELDS =
      Set.of(
          "strike",
          "type",
          "expiration",
          "bid",
          "ask",
          "last",
          "volume",
          "open_interest",
          "instrument_id",
          "symbol",
          "buy_volume",
          "sell_volume",
          "buy_premium_usd",
          "sell_premium_usd");

  private ChainSnapshotJson() {}

  /** Reads a snapshot file; errors name the file and the field. */
  public static ChainSnapshot read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + file + ": not found", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "file " + file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a snapshot from JSON text; errors name the field. */
  public static ChainSnapshot parse(String json) {
    try {
      return parse(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A snapshot from a parsed JSON tree; errors name the field. */
  public static ChainSnapshot parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a chain snapshot must be a JSON object");
    }
    unknownFields(root, TOP_FIELDS, "");
    String underlying = requiredText(root, "underlying", "underlying");
    Double price = optionalNumber(root, "underlying_price", "underlying_price");
    if (price != null && !(price > 0)) {
      throw new IllegalArgumentException("underlying_price: must be > 0, got " + price);
    }
    Double multiplier = optionalNumber(root, "multiplier", "multiplier");
    if (multiplier == null) {
      int byRoot = Multipliers.ofSymbol(underlying);
      if (byRoot == 0) {
        throw new IllegalArgumentException(
            "multiplier: missing (and underlying " + underlying + " is neither NQ nor MNQ)");
      }
      multiplier = (double) byRoot;
    } else if (!(multiplier > 0)) {
      throw new IllegalArgumentException("multiplier: must be > 0, got " + multiplier);
    }
    long asOf = UNKNOWN_AS_OF;
    JsonNode asOfNode = root.get("as_of");
    if (asOfNode != null && !asOfNode.isNull()) {
      if (!asOfNode.isTextual()) {
        throw new IllegalArgumentException("as_of: must be an ISO instant string");
      }
      asOf = instant(asOfNode.asText(), "as_of");
    }
    JsonNode list = root.get("contracts");
    if (list == null || list.isNull()) {
      throw new IllegalArgumentException("contracts: missing");
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("contracts: must be an array");
    }
    List<ChainContract> contracts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      contracts.add(contract(list.get(i), "contracts[" + i + "]"));
    }
    return new ChainSnapshot(underlying, price, multiplier, asOf, contracts);
  }

  private static ChainContract contract(JsonNode c, String where) {
    if (!c.isObject()) {
      throw new IllegalArgumentException(where + ": must be an object");
    }
    unknownFields(c, CONTRACT_FIELDS, where + ".");
    Double strike = optionalNumber(c, "strike", where + ".strike");
    if (strike == null) {
      throw new IllegalArgumentException(where + ".strike: missing");
    }
    if (!(strike > 0)) {
      throw new IllegalArgumentException(where + ".strike: must be > 0, got " + strike);
    }
    String type = requiredText(c, "type", where + ".type");
    Right right;
    try {
      right = Right.of(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".type: must be C or P, got '" + type + "'");
    }
    long expiration = expiration(requiredText(c, "expiration", where + ".expiration"), where);
    Long id = optionalLong(c, "instrument_id", where + ".instrument_id");
    JsonNode sym = c.get("symbol");
    if (sym != null && !sym.isNull() && !sym.isTextual()) {
      throw new IllegalArgumentException(where + ".symbol: must be a string");
    }
    return new ChainContract(
        id == null ? 0 : id,
        sym == null || sym.isNull() ? "" : sym.asText(),
        strike,
        right,
        expiration,
        price(c, "bid", where),
        price(c, "ask", where),
        price(c, "last", where),
        count(c, "volume", where),
        count(c, "open_interest", where),
        count(c, "buy_volume", where),
        count(c, "sell_volume", where),
        usd(c, "buy_premium_usd", where),
        usd(c, "sell_premium_usd", where));
  }

  /** Writes a snapshot (indented; optional fields only when known). */
  public static void write(ChainSnapshot s, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson(s));
  }

  /** A snapshot as a JSON tree. */
  public static ObjectNode toJson(ChainSnapshot s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("underlying", s.underlying());
    if (s.underlyingPrice() != null) {
      o.put("underlying_price", s.underlyingPrice());
    }
    o.put("multiplier", s.multiplier());
    if (s.asOfNs() != UNKNOWN_AS_OF) {
      o.put("as_of", instantText(s.asOfNs()));
    }
    ArrayNode list = o.putArray("contracts");
    for (ChainContract c : s.contracts()) {
      ObjectNode j = list.addObject();
      j.put("strike", c.strike());
      j.put("type", c.right().code());
      j.put("expiration", expirationText(c.expirationNs()));
      putPrice(j, "bid", c.bid());
      putPrice(j, "ask", c.ask());
      putPrice(j, "last", c.last());
      j.put("volume", c.volume());
      j.put("open_interest", c.openInterest());
      if (c.instrumentId() != 0) {
        j.put("instrument_id", c.instrumentId());
      }
      if (c.symbol() != null && !c.symbol().isEmpty()) {
        j.put("symbol", c.symbol());
      }
      if (c.buyVolume() != 0 || c.sellVolume() != 0) {
        j.put("buy_volume", c.buyVolume());
        j.put("sell_volume", c.sellVolume());
      }
      if (c.buyPremiumUsd() != 0 || c.sellPremiumUsd() != 0) {
        j.put("buy_premium_usd", c.buyPremiumUsd());
        j.put("sell_premium_usd", c.sellPremiumUsd());
      }
    }
    return o;
  }

  /** An instant as ISO-8601 UTC text, e.g. {@code 2026-03-13T19:00:00Z}. */
  public static String instantText(long ns) {
    return Instant.ofEpochSecond(
            Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
        .toString();
  }

  /** An expiration as a date when it is 15:00 Chicago time, else as an instant. */
  public static String expirationText(long ns) {
    ZonedDateTime t =
        Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
            .atZone(CmeCalendar.CHICAGO);
    if (t.toLocalTime().equals(DATE_EXPIRY_TIME)) {
      return t.toLocalDate().toString();
    }
    return instantText(ns);
  }

  /** A date-only expiration: 15:00 America/Chicago on that date, ns since the epoch. */
  public static long dateExpiryNs(LocalDate d) {
    return CmeCalendar.toNs(ZonedDateTime.of(d, DATE_EXPIRY_TIME, CmeCalendar.CHICAGO));
  }

  /** An ISO-8601 date-time with an offset (or Z) in ns since the epoch; errors name the field. */
  public static long instant(String text, String field) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(text);
      return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + ": not an ISO instant (e.g. 2026-03-13T19:00:00Z): '" + text + "'");
    }
  }

  private static long expiration(String text, String where) {
    if (text.length() == 10) {
      try {
        return dateExpiryNs(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            where + ".expiration: not a date (YYYY-MM-DD) or an ISO instant: '" + text + "'");
      }
    }
    try {
      return instant(text, where + ".expiration");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ".expiration: not a date (YYYY-MM-DD) or an ISO instant: '" + text + "'");
    }
  }

  private static void unknownFields(JsonNode o, Set<String> known, String prefix) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(prefix + f + ": unknown field");
      }
    }
  }

  private static String requiredText(JsonNode o, String name, String where) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": missing");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": must be a non-empty string");
    }
    return v.asText();
  }

  private static Double optionalNumber(JsonNode o, String name, String where) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(where + ": must be a number, got " + v);
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(where + ": must be finite, got " + v);
    }
    return d;
  }

  private static Long optionalLong(JsonNode o, String name, String where) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(where + ": must be an integer, got " + v);
    }
    return v.asLong();
  }

  private static Double price(JsonNode c, String name, String where) {
    Double p = optionalNumber(c, name, where + "." + name);
    if (p != null && p < 0) {
      throw new IllegalArgumentException(where + "." + name + ": must be >= 0, got " + p);
    }
    return p;
  }

  private static long count(JsonNode c, String name, String where) {
    Long n = optionalLong(c, name, where + "." + name);
    if (n != null && n < 0) {
      throw new IllegalArgumentException(where + "." + name + ": must be >= 0, got " + n);
    }
    return n == null ? 0 : n;
  }

  private static double usd(JsonNode c, String name, String where) {
    Double d = optionalNumber(c, name, where + "." + name);
    return d == null ? 0 : d;
  }

  private static void putPrice(ObjectNode j, String name, Double v) {
    if (v == null) {
      j.putNull(name);
    } else {
      j.put(name, v);
    }
  }
}

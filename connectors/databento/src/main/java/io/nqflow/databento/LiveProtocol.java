package io.nqflow.databento;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text half of Databento's raw live protocol: newline-terminated lines of {@code key=value}
 * fields separated by {@code |}, exchanged before the binary DBN stream starts.
 *
 * <pre>
 * gateway: lsg_version=0.x.y
 * gateway: cram=&lt;challenge&gt;
 * client:  auth=&lt;sha256_hex("challenge|key")&gt;-&lt;last 5 of key&gt;|dataset=GLBX.MDP3|encoding=dbn|compression=none|ts_out=0|heartbeat_interval_s=30
 * gateway: success=1|session_id=123   or   success=0|error=...
 * client:  schema=mbo|stype_in=parent|symbols=NQ.OPT|snapshot=0|is_last=1   (one line per chunk)
 * client:  start_session
 * gateway: DBN metadata, then records
 * </pre>
 */
final class LiveProtocol {
  /** Control lines are short; a longer one means we are not talking to a Databento gateway. */
  static final int MAX_LINE = 64 * 1024;

  static final String START_SESSION = "start_session";

  private LiveProtocol() {}

  /** Reads one line (without its '\n') byte by byte, so no DBN byte after it is consumed. */
  static String readLine(InputStream in, String what) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            "gateway closed the connection while the client waited for the " + what);
      }
      if (b == '\n') {
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new DatabentoException(
            "gateway sent a " + what + " line longer than " + MAX_LINE + " bytes");
      }
      sb.append((char) b);
    }
  }

  /** Parses {@code k=v|k=v}; a field without '=' maps to "". */
  static Map<String, String> parseFields(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : line.split("\\|", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        m.put(part, "");
      } else {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  static String authLine(
      ApiKey key, String challenge, String dataset, boolean tsOut, int heartbeatIntervalS) {
    return "auth="
        + key.cramReply(challenge)
        + "|dataset="
        + dataset
        + "|encoding=dbn|compression=none|ts_out="
        + (tsOut ? 1 : 0)
        + "|heartbeat_interval_s="
        + heartbeatIntervalS;
  }

  /** The subscription's lines: its symbols in chunks, {@code is_last=1} on the final chunk. */
  static List<String> subscriptionLines(Subscription s) {
    List<String> lines = new ArrayList<>();
    List<String> symbols = s.symbols();
    for (int from = 0; from < symbols.size(); from += Subscription.SYMBOLS_PER_LINE) {
      int to = Math.min(symbols.size(), from + Subscription.SYMBOLS_PER_LINE);
      StringBuilder sb = new StringBuilder(64 + 16 * (to - from));
      sb.append("schema=").append(s.schema().dbnName());
      sb.append("|stype_in=").append(s.stypeIn().dbnName());
      sb.append("|symbols=").append(String.join(",", symbols.subList(from, to)));
      if (s.start() != null) {
        sb.append("|start=").append(s.start());
      }
      sb.append("|snapshot=").append(s.snapshot() ? 1 : 0);
      sb.append("|is_last=").append(to == symbols.size() ? 1 : 0);
      lines.add(sb.toString());
    }
    return lines;
  }

  static void writeLine(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the greeting and challenge, answers it, and returns the session id.
   *
   * @throws LiveAuthenticationException if the gateway refuses the reply
   * @throws DatabentoException if the gateway does not speak the protocol
   */
  static String authenticate(
      InputStream in,
      OutputStream out,
      ApiKey key,
      String dataset,
      boolean tsOut,
      int heartbeatIntervalS,
      String gateway)
      throws IOException {
    String greeting = readLine(in, "greeting");
    if (!greeting.startsWith("lsg_version=")) {
      throw new DatabentoException(
          "gateway " + gateway + " did not greet with lsg_version=...: " + clip(key, greeting));
    }
    String challengeLine = readLine(in, "CRAM challenge");
    if (!challengeLine.startsWith("cram=") || challengeLine.length() == "cram=".length()) {
      throw new DatabentoException(
          "gateway " + gateway + " sent no CRAM challenge: " + clip(key, challengeLine));
    }
    String challenge = challengeLine.substring("cram=".length());
    writeLine(out, authLine(key, challenge, dataset, tsOut, heartbeatIntervalS));
    out.flush();
    String reply = readLine(in, "authentication reply");
    Map<String, String> f = parseFields(reply);
    if (!"1".equals(f.get("success"))) {
      String error = f.getOrDefault("error", reply);
      throw new LiveAuthenticationException(
          "Databento gateway "
              + gateway
              + " refused authentication for dataset "
              + dataset
              + ": "
              + clip(key, error));
    }
    return f.getOrDefault("session_id", "");
  }

  /** Text from the gateway for a message: redacted and cut to a readable length. */
  static String clip(ApiKey key, String s) {
    String r = key.redact(s);
    return r.length() <= 200 ? r : r.substring(0, 200) + "...";
  }
}

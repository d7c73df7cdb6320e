package io.nqflow.runner.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus text exposition format (what {@code /metrics} serves): one sample per line,
 * {@code name{label="value",...} number}, comments starting with {@code #}.
 */
public final class PromText {
  private PromText() {}

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /**
   * Parses a whole page.
   *
   * @throws IllegalArgumentException naming the line when one cannot be read
   */
  public static List<Sample> parse(String page) {
    List<Sample> out = new ArrayList<>();
    int lineNo = 0;
    for (String raw : page.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        out.add(parseLine(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "metrics line " + lineNo + " cannot be read (" + e.getMessage() + "): " + line, e);
      }
    }
    return out;
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).strip();
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label " + key + " has no quoted value");
        }
        StringBuilder v = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char n = line.charAt(++j);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
        }
        labels.put(key, v.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] tail = line.substring(rest).strip().split("\\s+");
    return new Sample(name, labels, Double.parseDouble(tail[0]));
  }

  /**
   * Sums the samples whose name ends with {@code suffix}, grouped by the value of {@code label}
   * (samples without that label are grouped under the empty string), sorted by group.
   */
  public static Map<String, Double> sumBy(List<Sample> samples, String suffix, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name().endsWith(suffix) && !Double.isNaN(s.value())) {
        out.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
      }
    }
    return out;
  }
}

package io.nqflow.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nqflow.core.config.ConfigException;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.runner.Sections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value a shipped profile or strategy sets reaches the settings of the component that owns
 * it: each leaf is changed in turn to another valid value, the profile is loaded again, and the
 * section it sits in ({@code detection:} for a detection threshold, {@code kafka:} for a broker
 * address, ...) must differ from before. A key that loads but changes nothing would be silently
 * ignored by the system, which this test forbids.
 */
class EveryLeafIsReadTest {
  private static final Path CONFIG = Path.of("..", "..", "config");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Keys that describe the file rather than configure a component. */
  private static final Set<String> NOT_SETTINGS = Set.of("description", "profile", "strategy");

  private static final List<String> ENUM_WORDS =
      List.of(
          "AT_LEAST_ONCE",
          "EXACTLY_ONCE",
          "HASHMAP",
          "ROCKSDB",
          "PAPER",
          "TRADOVATE",
          "SMALL",
          "MEDIUM",
          "FULL",
          "MODERATE",
          "HIGH",
          "VERY_HIGH",
          "EXTREME",
          "SIMULATOR",
          "REPLAY",
          "DATABENTO_LIVE",
          "DATABENTO_HISTORICAL",
          "SAME",
          "MICRO");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_]+)(:-([^}]*))?}");

  @TempDir Path tmp;

  static Stream<String> files() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(CONFIG)) {
      s.filter(p -> p.toString().endsWith(".yaml"))
          .forEach(p -> out.add(p.getFileName().toString()));
    }
    try (Stream<Path> s = Files.list(CONFIG.resolve("strategies"))) {
      s.filter(p -> p.toString().endsWith(".yaml"))
          .forEach(p -> out.add("strategies/" + p.getFileName()));
    }
    return out.stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyLeafChangesTheSettingsOfItsSection(String file) throws IOException {
    ObjectNode original = (ObjectNode) YAML.readTree(CONFIG.resolve(file).toFile());
    Map<String, String> env = new HashMap<>(ShippedProfilesTest.LIVE_ENV);
    NqflowConfig before = load(CONFIG, file, env);
    List<String> leaves = new ArrayList<>();
    collect(original, "", leaves);
    assertThat(leaves).isNotEmpty();
    List<String> ignored = new ArrayList<>();
    for (String leaf : leaves) {
      if (!changesItsSection(file, original, leaf, before, env)) {
        ignored.add(leaf);
      }
    }
    assertThat(ignored).as("keys of %s that no component reads", file).isEmpty();
  }

  private boolean changesItsSection(
      String file, ObjectNode original, String leaf, NqflowConfig before, Map<String, String> env)
      throws IOException {
    JsonNode value = at(original, leaf);
    List<String> rejections = new ArrayList<>();
    for (JsonNode candidate : candidates(value, env)) {
      if (candidate.equals(value)) {
        continue;
      }
      ObjectNode mutated = original.deepCopy();
      set(mutated, leaf, candidate);
      Path dir = copyConfig();
      YAML.writeValue(dir.resolve(file).toFile(), mutated);
      NqflowConfig after;
      try {
        after = load(dir, file, env);
      } catch (ConfigException e) {
        // not a valid value for this key; the component's check that says so read it
        e.errors().forEach(err -> rejections.add(err.keyPath()));
        continue;
      }
      return !section(before, leaf).equals(section(after, leaf));
    }
    // Every other value was rejected (e.g. TRADOVATE without credentials): the rejection must
    // come from the leaf's own key or section, which shows that its component checked the value.
    String top = leaf.split("[.\\[]")[0];
    assertThat(rejections)
        .as("rejections of every other value of %s: %s", file, leaf)
        .anySatisfy(k -> assertThat(k).startsWith(top));
    return true;
  }

  /** The resolved settings a leaf belongs to: its component section or core section. */
  private static Object section(NqflowConfig cfg, String leaf) {
    String top = leaf.split("[.\\[]")[0];
    for (ConfigSection<?> s : Sections.ALL) {
      if (s.key().equals(top)) {
        return cfg.section(s);
      }
    }
    return switch (top) {
      case "variant" -> cfg.variant() + cfg.components();
      case "kafka" -> cfg.kafka();
      case "feed" -> cfg.feed();
      case "simulator" -> cfg.simulator();
      case "databento" -> cfg.databento();
      case "budget" -> cfg.budget();
      case "metrics" -> cfg.metrics();
      case "control" -> cfg.control();
      default -> throw new AssertionError("unknown top-level key " + top);
    };
  }

  private static NqflowConfig load(Path dir, String file, Map<String, String> env) {
    if (file.startsWith("strategies/")) {
      String name = file.substring("strategies/".length(), file.length() - ".yaml".length());
      return ConfigLoader.fromYaml("strategy: " + name + "\n", dir, env, Sections.ALL);
    }
    return ConfigLoader.load(
        file.substring(0, file.length() - ".yaml".length()), dir, env, Sections.ALL);
  }

  private Path copyConfig() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "config");
    Files.createDirectories(dir.resolve("strategies"));
    for (String f : files().toList()) {
      Files.copy(CONFIG.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  /** Other values for a leaf, most likely valid first. */
  private static List<JsonNode> candidates(JsonNode v, Map<String, String> env) {
    if (v.isTextual() && v.textValue().equals("max")) {
      return List.of(TextNode.valueOf("x10"));
    }
    List<JsonNode> out = new ArrayList<>();
    if (v.isBoolean()) {
      out.add(BooleanNode.valueOf(!v.booleanValue()));
    } else if (v.isIntegralNumber()) {
      long n = v.longValue();
      for (long c : new long[] {n + 1, n * 2, n - 1, n / 2, 1, 2}) {
        if (c != n) {
          out.add(LongNode.valueOf(c));
        }
      }
    } else if (v.isNumber()) {
      double d = v.doubleValue();
      for (double c : new double[] {d * 1.1, d * 0.9, d + 0.01, d - 0.01, d * 2, d / 2}) {
        if (c != d) {
          out.add(DoubleNode.valueOf(c));
        }
      }
    } else if (v.isTextual()) {
      String t = v.textValue();
      Matcher ref = REFERENCE.matcher(t);
      Matcher dur = DURATION.matcher(t);
      if (ref.find()) {
        // point the reference at other variables with other values
        String var = ref.group(1);
        String old = env.getOrDefault(var, ref.group(3) == null ? "" : ref.group(3));
        int i = 0;
        for (JsonNode c : candidates(TextNode.valueOf(old), Map.of())) {
          String other = "NQFLOW_MUTATED_" + (i++) + "_" + var;
          env.put(other, c.asText());
          out.add(TextNode.valueOf(t.replace("${" + var, "${" + other)));
        }
      } else if (dur.matches()) {
        long n = Long.parseLong(dur.group(1));
        out.add(TextNode.valueOf((n * 2) + dur.group(2)));
        out.add(TextNode.valueOf((n + 1) + dur.group(2)));
      } else if (ENUM_WORDS.contains(t)) {
        ENUM_WORDS.stream().filter(w -> !w.equals(t)).forEach(w -> out.add(TextNode.valueOf(w)));
      } else {
        out.add(TextNode.valueOf(mutatedText(t)));
      }
    } else if (v.isArray()) {
      ArrayNode a = ((ArrayNode) v).deepCopy();
      if (!a.isEmpty()) {
        a.remove(a.size() - 1);
        out.add(a);
      }
    }
    return out;
  }

  private static String mutatedText(String t) {
    if (t.matches(".*:\\d+")) { // host:port
      int colon = t.lastIndexOf(':');
      return t.substring(0, colon + 1) + (Integer.parseInt(t.substring(colon + 1)) + 1);
    }
    if (t.matches("\\d+")) {
      return Long.toString(Long.parseLong(t) + 1);
    }
    if (t.matches("\\d+(\\.\\d+)?")) {
      return t + "1";
    }
    return t.contains("://") || t.startsWith("jdbc:") || t.contains("/") ? t + "-m" : t + "m";
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (path.isEmpty() && (NOT_SETTINGS.contains(f.getKey()) || f.getKey().equals("extends"))) {
          continue;
        }
        collect(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
      }
    } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", out);
      }
    } else if (!node.isNull()) {
      out.add(path);
    }
  }

  private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

  private static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      n = m.group(1) != null ? n.get(m.group(1)) : n.get(Integer.parseInt(m.group(2)));
    }
    return n;
  }

  private static void set(ObjectNode root, String path, JsonNode value) {
    Matcher m = STEP.matcher(path);
    List<String[]> steps = new ArrayList<>();
    while (m.find()) {
      steps.add(new String[] {m.group(1), m.group(2)});
    }
    JsonNode n = root;
    for (int i = 0; i < steps.size() - 1; i++) {
      String[] s = steps.get(i);
      n = s[0] != null ? n.get(s[0]) : n.get(Integer.parseInt(s[1]));
    }
    String[] last = steps.get(steps.size() - 1);
    if (last[0] != null) {
      ((ObjectNode) n).set(last[0], value);
    } else {
      ((ArrayNode) n).set(Integer.parseInt(last[1]), value);
    }
  }
}

package io.nqflow.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a profile into an {@link NqflowConfig}: resolves {@code extends} chains (deep merge, child
 * wins, lists replaced), layers built-in defaults &lt; strategy file &lt; profile, substitutes
 * {@code ${ENV}}, {@code ${ENV:-default}} and {@code ${file:/path}}, then validates, and throws one
 * {@link ConfigException} listing every problem with its file and key path.
 */
public final class ConfigLoader {

  /** Top-level keys of a strategy file. */
  private static final Set<String> STRATEGY_KEYS =
      Set.of("description", "variant", "detection", "risk");

  private static final String INLINE = "<inline>";

  private static final YAMLMapper YAML = yamlMapper();

  private ConfigLoader() {}

  /**
   * Loads and validates a profile.
   *
   * @param profileNameOrPath a name ({@code local} resolves to {@code configDir/local.yaml}) or a
   *     path (anything containing {@code /} or ending in {@code .yaml}/{@code .yml})
   * @param configDir the repository's {@code config/} folder (profiles, {@code strategies/})
   * @param env environment for {@code ${VAR}} substitution, normally {@code System.getenv()}
   * @param sections the component sections to bind and validate; a component section of the file
   *     that is not listed is left alone (a job reads only its own)
   * @throws ConfigException listing every problem found
   */
  public static NqflowConfig load(
      String profileNameOrPath,
      Path configDir,
      Map<String, String> env,
      List<ConfigSection<?>> sections) {
    Path file = resolveProfile(profileNameOrPath, configDir);
    String stem = stem(file);
    return new Run(configDir, env, sections).load(file, null, stem);
  }

  /**
   * Loads a profile given as YAML text, e.g. in tests; {@code extends} and {@code strategy} names
   * resolve against {@code configDir}, relative paths against {@code configDir} too.
   *
   * @throws ConfigException listing every problem found
   */
  public static NqflowConfig fromYaml(
      String yaml, Path configDir, Map<String, String> env, List<ConfigSection<?>> sections) {
    return new Run(configDir, env, sections).load(configDir.resolve(INLINE), yaml, INLINE);
  }

  /** Where {@link #load} looks for {@code profileNameOrPath}. */
  public static Path resolveProfile(String profileNameOrPath, Path configDir) {
    if (isPath(profileNameOrPath)) {
      return Path.of(profileNameOrPath).normalize();
    }
    return configDir.resolve(profileNameOrPath + ".yaml").normalize();
  }

  private static boolean isPath(String s) {
    return s.contains("/") || s.endsWith(".yaml") || s.endsWith(".yml");
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static YAMLMapper yamlMapper() {
    YAMLMapper m = new YAMLMapper();
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return m;
  }

  /** A parsed tree and, for every key path in it, the file that set it. */
  private record Layer(ObjectNode tree, Map<String, Path> origins) {
    static Layer empty() {
      return new Layer(JsonNodeFactory.instance.objectNode(), new HashMap<>());
    }
  }

  /** One load: the error list and where to find files. */
  private static final class Run {
    private final Path configDir;
    private final Map<String, String> env;
    private final List<ConfigSection<?>> sections;
    private final List<ConfigError> errors = new ArrayList<>();

    Run(Path configDir, Map<String, String> env, List<ConfigSection<?>> sections) {
      this.configDir = configDir;
      this.env = env;
      this.sections = List.copyOf(sections);
    }

    NqflowConfig load(Path file, String inlineText, String defaultName) {
      Set<Path> chain = new LinkedHashSet<>();
      Layer profile = loadChain(file, inlineText, chain);
      ObjectNode tree = profile.tree();
      Map<String, Path> origins = profile.origins();

      // the profile's own name, not an inherited one
      if (!tree.has("profile")) {
        tree.put("profile", defaultName);
        origins.put("profile", file);
      }

      JsonNode strategyNode = tree.get("strategy");
      if (strategyNode != null && !strategyNode.isNull()) {
        if (!strategyNode.isTextual() || strategyNode.textValue().isBlank()) {
          fileError(
              origins.getOrDefault("strategy", file),
              "strategy",
              "wrong type: expected a strategy name or path, got "
                  + ConfigBinder.describe(strategyNode));
        } else {
          Path declaredIn = origins.getOrDefault("strategy", file);
          Path strategyFile = resolve(strategyNode.textValue(), declaredIn, "strategies");
          Layer strategy = loadStrategy(strategyFile, declaredIn);
          Layer merged = merge(strategy, profile);
          tree = merged.tree();
          origins = merged.origins();
        }
      }

      List<ConfigError> bindErrors = new ArrayList<>();
      NqflowConfig config = bind(tree, bindErrors);
      // a key that could not be bound is reported once, not again by the range checks
      Set<String> reported = new HashSet<>();
      bindErrors.forEach(e -> reported.add(e.keyPath()));
      for (ConfigError e : ConfigValidator.problems(config)) {
        if (!reported.contains(e.keyPath())) {
          bindErrors.add(e);
        }
      }
      Set<ConfigError> seen = new LinkedHashSet<>(errors);
      for (ConfigError e : bindErrors) {
        seen.add(
            new ConfigError(display(origin(origins, e.keyPath(), file)), e.keyPath(), e.reason()));
      }
      if (!seen.isEmpty()) {
        throw new ConfigException(List.copyOf(seen));
      }
      return config;
    }

    /** Binds the core sections, then every registered component section, then references. */
    private NqflowConfig bind(ObjectNode tree, List<ConfigError> bindErrors) {
      ConfigBinder binder = new ConfigBinder(env, bindErrors);
      ObjectNode core = tree.deepCopy();
      Map<String, JsonNode> componentNodes = new HashMap<>();
      for (String key : ConfigSection.COMPONENT_SECTIONS) {
        JsonNode node = core.remove(key);
        if (node != null) {
          componentNodes.put(key, node);
        }
      }
      NqflowConfig root = binder.bindRecord(core, NqflowConfig.class, NqflowConfig.defaults(), "");
      Map<String, Record> bound = new LinkedHashMap<>();
      for (ConfigSection<?> section : sections) {
        bound.put(section.key(), bindSection(binder, section, componentNodes.get(section.key())));
      }
      References refs = new References(root, bound);
      Map<String, Record> resolved = new LinkedHashMap<>();
      for (Map.Entry<String, Record> e : bound.entrySet()) {
        resolved.put(e.getKey(), refs.resolve(e.getValue()));
      }
      return refs.resolve(root).withComponents(resolved);
    }

    private static <T extends Record> T bindSection(
        ConfigBinder binder, ConfigSection<T> section, JsonNode node) {
      return binder.bindRecord(node, section.type(), section.defaults().get(), section.key());
    }

    private Layer loadChain(Path file, String inlineText, Set<Path> chain) {
      Path key = file.toAbsolutePath().normalize();
      if (!chain.add(key)) {
        StringBuilder cycle = new StringBuilder();
        for (Path p : chain) {
          cycle.append(display(p)).append(" -> ");
        }
        cycle.append(display(file));
        fileError(file, "extends", "extends cycle: " + cycle);
        return Layer.empty();
      }
      Layer layer = parse(file, inlineText);
      JsonNode parentNode = layer.tree().remove("extends");
      if (parentNode == null || parentNode.isNull()) {
        return layer;
      }
      if (!parentNode.isTextual() || parentNode.textValue().isBlank()) {
        fileError(
            file,
            "extends",
            "wrong type: expected a profile name or path, got "
                + ConfigBinder.describe(parentNode));
        return layer;
      }
      Path parentFile = resolve(parentNode.textValue(), file, null);
      if (!Files.isRegularFile(parentFile)) {
        fileError(
            file,
            "extends",
            "profile \"" + parentNode.textValue() + "\" not found at " + display(parentFile));
        return layer;
      }
      Layer parent = loadChain(parentFile, null, chain);
      // a profile's name is its own; a parent's name is not inherited
      parent.tree().remove("profile");
      parent.origins().remove("profile");
      return merge(parent, layer);
    }

    private Layer loadStrategy(Path file, Path declaredIn) {
      if (!Files.isRegularFile(file)) {
        fileError(declaredIn, "strategy", "strategy file not found at " + display(file));
        return Layer.empty();
      }
      Layer layer = parse(file, null);
      Iterator<String> names = layer.tree().fieldNames();
      List<String> unknown = new ArrayList<>();
      while (names.hasNext()) {
        String name = names.next();
        if (!STRATEGY_KEYS.contains(name)) {
          unknown.add(name);
        }
      }
      for (String name : unknown) {
        fileError(
            file,
            name,
            "unknown key in a strategy file (allowed: description, variant, detection, risk)");
        layer.tree().remove(name);
      }
      layer.tree().remove("description");
      return layer;
    }

    private Layer parse(Path file, String inlineText) {
      String text;
      try {
        text = inlineText != null ? inlineText : Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        fileError(file, "", "profile file not found");
        return Layer.empty();
      } catch (IOException e) {
        fileError(file, "", "cannot read: " + e.getMessage());
        return Layer.empty();
      }
      JsonNode root;
      try {
        root = YAML.readTree(text);
      } catch (JsonProcessingException e) {
        String where =
            e.getLocation() == null
                ? ""
                : " at line "
                    + e.getLocation().getLineNr()
                    + ", column "
                    + e.getLocation().getColumnNr();
        fileError(file, "", "invalid YAML" + where + ": " + e.getOriginalMessage());
        return Layer.empty();
      }
      if (root == null || root.isMissingNode() || root.isNull()) {
        return Layer.empty();
      }
      if (!root.isObject()) {
        fileError(
            file,
            "",
            "expected a mapping of sections at the top level, got " + ConfigBinder.describe(root));
        return Layer.empty();
      }
      Map<String, Path> origins = new HashMap<>();
      markOrigins(root, "", file, origins);
      return new Layer((ObjectNode) root, origins);
    }

    /**
     * A name resolves in configDir (or its {@code subdir}); a path relative to the declaring file.
     */
    private Path resolve(String nameOrPath, Path declaredIn, String subdir) {
      if (isPath(nameOrPath)) {
        Path p = Path.of(nameOrPath);
        if (p.isAbsolute()) {
          return p.normalize();
        }
        Path base = declaredIn.getParent() == null ? Path.of(".") : declaredIn.getParent();
        return base.resolve(p).normalize();
      }
      Path dir = subdir == null ? configDir : configDir.resolve(subdir);
      return dir.resolve(nameOrPath + ".yaml").normalize();
    }

    private void fileError(Path file, String key, String reason) {
      errors.add(new ConfigError(display(file), key, reason));
    }
  }

  private static void markOrigins(JsonNode node, String path, Path file, Map<String, Path> out) {
    if (!path.isEmpty()) {
      out.put(path, file);
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        markOrigins(f.getValue(), ConfigBinder.join(path, f.getKey()), file, out);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        markOrigins(array.get(i), path + "[" + i + "]", file, out);
      }
    }
  }

  /**
   * Deep merge of mappings; anything else (scalars, lists) in {@code child} replaces the parent's.
   */
  private static Layer merge(Layer parent, Layer child) {
    ObjectNode tree = parent.tree().deepCopy();
    Map<String, Path> origins = new HashMap<>(parent.origins());
    mergeInto(tree, child.tree(), "", origins, child.origins());
    return new Layer(tree, origins);
  }

  private static void mergeInto(
      ObjectNode target,
      ObjectNode source,
      String path,
      Map<String, Path> origins,
      Map<String, Path> sourceOrigins) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = ConfigBinder.join(path, f.getKey());
      JsonNode existing = target.get(f.getKey());
      if (existing instanceof ObjectNode existingObject
          && f.getValue() instanceof ObjectNode value) {
        origins.put(key, sourceOrigins.get(key));
        mergeInto(existingObject, value, key, origins, sourceOrigins);
      } else {
        origins
            .keySet()
            .removeIf(k -> k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["));
        for (Map.Entry<String, Path> o : sourceOrigins.entrySet()) {
          String k = o.getKey();
          if (k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "[")) {
            origins.put(k, o.getValue());
          }
        }
        target.set(f.getKey(), f.getValue().deepCopy());
      }
    }
  }

  /** The file that set {@code keyPath} or its nearest ancestor; the profile file otherwise. */
  private static Path origin(Map<String, Path> origins, String keyPath, Path fallback) {
    String k = keyPath;
    while (!k.isEmpty()) {
      Path p = origins.get(k);
      if (p != null) {
        return p;
      }
      int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
      k = cut < 0 ? "" : k.substring(0, cut);
    }
    return fallback;
  }

  private static String display(Path file) {
    return file.getFileName() != null && file.getFileName().toString().equals(INLINE)
        ? INLINE
        : file.toString();
  }
}

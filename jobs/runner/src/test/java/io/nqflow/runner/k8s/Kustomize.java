package io.nqflow.runner.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization offline, for the subset of kustomize that {@code k8s/} uses (no kubectl
 * or kustomize binary is needed by the tests):
 *
 * <ul>
 *   <li>{@code resources}: YAML files (several documents each) inside the kustomization's folder,
 *       and folders holding a {@code kustomization.yaml} anywhere;
 *   <li>{@code patches} with {@code path} (inside the folder) and an optional {@code target}
 *       ({@code kind}, {@code name}): strategic-merge patches (one or more documents, matched by
 *       kind and name unless a target is given) and JSON 6902 patches (a YAML list of {@code add},
 *       {@code replace}, {@code remove} operations; a target is required), applied in order;
 *   <li>{@code namespace}, then {@code namePrefix}/{@code nameSuffix}, after the patches, as
 *       kustomize orders them. Renaming does not rewrite references, so a kustomization that
 *       renames holds nothing another of its resources refers to.
 * </ul>
 *
 * Strategic merge: maps merge key by key, {@code null} deletes a key; lists named {@code
 * containers}, {@code initContainers}, {@code env}, {@code volumes} and {@code volumeMounts} of
 * built-in kinds (an apiVersion without a dotted group) merge element by element on {@code name},
 * as Kubernetes declares them; every other list, and every list of a custom resource (kustomize
 * knows no merge keys for them), is replaced. Anything else ({@code $patch} directives, generators,
 * transformers, labels, images) is rejected with the file that uses it.
 */
final class Kustomize {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "resources", "patches", "namespace", "namePrefix", "nameSuffix");

  private static final Set<String> MERGE_BY_NAME =
      Set.of("containers", "initContainers", "env", "volumes", "volumeMounts");

  /** Kinds that are not namespaced among those a namespace could be set on. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass");

  private Kustomize() {}

  /** The resources of the kustomization in {@code dir}, in order, with every transform applied. */
  static List<ObjectNode> build(Path dir) {
    return build(dir.toAbsolutePath().normalize(), new LinkedHashSet<>());
  }

  /** Parses the YAML documents of a file, skipping empty ones. */
  static List<JsonNode> readAll(Path file) {
    try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (parser.nextToken() != null) {
        JsonNode doc = YAML.readTree(parser);
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static List<ObjectNode> build(Path dir, Set<Path> stack) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    if (!stack.add(dir)) {
      throw new IllegalArgumentException("kustomization cycle through " + dir);
    }
    Map<String, Object> k;
    try {
      k = YAML.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    for (String key : k.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException(
            file + ": field '" + key + "' is outside the supported subset " + FIELDS);
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Object entry : list(k.get("resources"), file, "resources")) {
      Path p = dir.resolve(String.valueOf(entry)).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(build(p, stack));
      } else {
        for (JsonNode doc : readAll(inside(dir, p, file))) {
          if (!doc.isObject()) {
            throw new IllegalArgumentException(p + ": a resource must be a mapping");
          }
          out.add((ObjectNode) doc);
        }
      }
    }
    for (Object entry : list(k.get("patches"), file, "patches")) {
      if (!(entry instanceof Map<?, ?> patch) || !(patch.get("path") instanceof String path)) {
        throw new IllegalArgumentException(file + ": each patch needs a path");
      }
      for (Object key : patch.keySet()) {
        if (!key.equals("path") && !key.equals("target")) {
          throw new IllegalArgumentException(file + ": patch field '" + key + "' is unsupported");
        }
      }
      Target target = Target.of(patch.get("target"), file);
      applyPatch(out, inside(dir, dir.resolve(path).normalize(), file), target);
    }
    if (k.get("namespace") instanceof String ns) {
      for (ObjectNode r : out) {
        if (!CLUSTER_SCOPED.contains(r.path("kind").asText())) {
          ((ObjectNode) r.with("metadata")).put("namespace", ns);
        }
      }
    }
    String prefix = k.get("namePrefix") instanceof String s ? s : "";
    String suffix = k.get("nameSuffix") instanceof String s ? s : "";
    if (!prefix.isEmpty() || !suffix.isEmpty()) {
      for (ObjectNode r : out) {
        ObjectNode meta = r.with("metadata");
        meta.put("name", prefix + meta.path("name").asText() + suffix);
      }
    }
    Set<String> ids = new HashSet<>();
    for (ObjectNode r : out) {
      if (!ids.add(id(r))) {
        throw new IllegalArgumentException(dir + ": resource " + id(r) + " appears twice");
      }
    }
    stack.remove(dir);
    return out;
  }

  /** kind/namespace/name of a resource. */
  static String id(JsonNode r) {
    JsonNode meta = r.path("metadata");
    return r.path("kind").asText()
        + "/"
        + meta.path("namespace").asText("")
        + "/"
        + meta.path("name").asText();
  }

  private static List<?> list(Object value, Path file, String field) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> l)) {
      throw new IllegalArgumentException(file + ": " + field + " must be a list");
    }
    return l;
  }

  /** kustomize's default load restriction: files come from the kustomization's own folder. */
  private static Path inside(Path dir, Path p, Path declaredIn) {
    if (!p.startsWith(dir)) {
      throw new IllegalArgumentException(
          declaredIn + ": " + p + " is outside the kustomization folder " + dir);
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(declaredIn + ": no file " + p);
    }
    return p;
  }

  /** A patch's {@code target}: kind and optional name. */
  private record Target(String kind, String name) {
    static Target of(Object value, Path file) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind)) {
        throw new IllegalArgumentException(file + ": a patch target needs a kind");
      }
      for (Object key : m.keySet()) {
        if (!key.equals("kind") && !key.equals("name")) {
          throw new IllegalArgumentException(file + ": target field '" + key + "' is unsupported");
        }
      }
      return new Target(kind, m.get("name") instanceof String n ? n : null);
    }

    boolean matches(JsonNode r) {
      return kind.equals(r.path("kind").asText())
          && (name == null || name.equals(r.path("metadata").path("name").asText()));
    }
  }

  private static void applyPatch(List<ObjectNode> resources, Path file, Target target) {
    List<JsonNode> docs = readAll(file);
    if (docs.size() == 1 && docs.get(0).isArray()) {
      if (target == null) {
        throw new IllegalArgumentException(file + ": a JSON 6902 patch needs a target");
      }
      select(resources, target, file);
      for (int i = 0; i < resources.size(); i++) {
        if (target.matches(resources.get(i))) {
          resources.set(i, JsonPatch.apply(resources.get(i), (ArrayNode) docs.get(0), file));
        }
      }
      return;
    }
    if (target != null && docs.size() != 1) {
      throw new IllegalArgumentException(
          file + ": a patch with a target holds exactly one strategic-merge document");
    }
    for (JsonNode doc : docs) {
      if (!doc.isObject()) {
        throw new IllegalArgumentException(file + ": a strategic-merge patch must be a mapping");
      }
      Target t =
          target != null
              ? target
              : new Target(doc.path("kind").asText(), doc.path("metadata").path("name").asText());
      for (ObjectNode r : select(resources, t, file)) {
        // the patch's own name must not rename the target
        ObjectNode body = doc.deepCopy();
        if (body.path("metadata").isObject()) {
          ((ObjectNode) body.get("metadata")).remove("name");
        }
        merge(r, body, builtIn(r), file);
      }
    }
  }

  private static List<ObjectNode> select(List<ObjectNode> resources, Target t, Path file) {
    List<ObjectNode> matched = resources.stream().filter(t::matches).toList();
    if (matched.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + ": no resource matches kind "
              + t.kind()
              + (t.name() == null ? "" : " name " + t.name()));
    }
    return matched;
  }

  /** A Kubernetes built-in kind: core ({@code v1}) or a group without a dot ({@code apps/v1}). */
  static boolean builtIn(JsonNode r) {
    String apiVersion = r.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    return slash < 0 || !apiVersion.substring(0, slash).contains(".");
  }

  /** Strategic merge of {@code patch} into {@code target} (changed in place). */
  static void merge(ObjectNode target, JsonNode patch, boolean builtIn, Path file) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey();
      JsonNode value = f.getValue();
      if (key.startsWith("$")) {
        throw new IllegalArgumentException(file + ": directive " + key + " is unsupported");
      }
      JsonNode current = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && current != null && current.isObject()) {
        merge((ObjectNode) current, value, builtIn, file);
      } else if (value.isArray()
          && current != null
          && current.isArray()
          && builtIn
          && MERGE_BY_NAME.contains(key)) {
        mergeByName((ArrayNode) current, (ArrayNode) value, builtIn, file);
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static void mergeByName(ArrayNode target, ArrayNode patch, boolean builtIn, Path file) {
    for (JsonNode p : patch) {
      String name = p.path("name").asText(null);
      if (name == null) {
        throw new IllegalArgumentException(file + ": a list element without a name: " + p);
      }
      ObjectNode match = null;
      for (JsonNode t : target) {
        if (name.equals(t.path("name").asText(null))) {
          match = (ObjectNode) t;
        }
      }
      if (match == null) {
        target.add(p.deepCopy());
      } else {
        merge(match, p, builtIn, file);
      }
    }
  }
}

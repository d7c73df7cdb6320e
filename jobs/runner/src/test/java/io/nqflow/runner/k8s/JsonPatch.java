package io.nqflow.runner.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * JSON Patch (RFC 6902) operations {@code add}, {@code replace} and {@code remove} on a resource,
 * the part {@link Kustomize} supports. Paths are JSON pointers; {@code -} appends to a list.
 */
final class JsonPatch {
  private JsonPatch() {}

  /** A patched copy of {@code resource}; a path that does not resolve fails with the file. */
  static ObjectNode apply(ObjectNode resource, ArrayNode ops, Path file) {
    ObjectNode doc = resource.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText();
      String path = op.path("path").asText(null);
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException(file + ": operation without a JSON pointer: " + op);
      }
      int cut = path.lastIndexOf('/');
      JsonNode parent = doc.at(path.substring(0, cut));
      String last = unescape(path.substring(cut + 1));
      if (parent.isMissingNode()) {
        throw new IllegalArgumentException(file + ": " + path + " does not exist in " + id(doc));
      }
      switch (kind) {
        case "add" -> add(parent, last, value(op, file), path, file);
        case "replace" -> {
          remove(parent, last, path, file);
          add(parent, last, value(op, file), path, file);
        }
        case "remove" -> remove(parent, last, path, file);
        default ->
            throw new IllegalArgumentException(file + ": operation '" + kind + "' is unsupported");
      }
    }
    return doc;
  }

  private static JsonNode value(JsonNode op, Path file) {
    if (!op.has("value")) {
      throw new IllegalArgumentException(file + ": operation without a value: " + op);
    }
    return op.get("value").deepCopy();
  }

  private static void add(JsonNode parent, String last, JsonNode value, String path, Path file) {
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(value);
      } else {
        a.insert(index(a, last, true, path, file), value);
      }
    } else {
      throw new IllegalArgumentException(file + ": " + path + " is inside a scalar");
    }
  }

  private static void remove(JsonNode parent, String last, String path, Path file) {
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(index(a, last, false, path, file));
    } else {
      throw new IllegalArgumentException(file + ": " + path + " does not exist");
    }
  }

  private static int index(ArrayNode a, String s, boolean forAdd, String path, Path file) {
    try {
      int i = Integer.parseInt(s);
      if (i >= 0 && (i < a.size() || (forAdd && i == a.size()))) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(file + ": " + path + " is not an index of the list");
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  private static String id(JsonNode r) {
    return Kustomize.id(r);
  }
}

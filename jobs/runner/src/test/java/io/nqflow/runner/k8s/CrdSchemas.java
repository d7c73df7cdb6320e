package io.nqflow.runner.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code openAPIV3Schema} of every served version of a CustomResourceDefinition, as a JSON
 * Schema that validates custom resources the way an API server with strict field validation does
 * ({@code kubectl apply}'s default): a field the schema does not declare is an error unless the
 * schema preserves unknown fields there; {@code apiVersion}, {@code kind} and {@code metadata} are
 * allowed at the top, as the API server adds them.
 */
final class CrdSchemas {
  private final Map<String, Schema> byApiVersionAndKind = new HashMap<>();

  private CrdSchemas() {}

  /** Loads the CRDs of the given files (one CRD per file or several documents). */
  static CrdSchemas load(Path... crdFiles) {
    CrdSchemas s = new CrdSchemas();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    for (Path file : crdFiles) {
      for (JsonNode crd : Kustomize.readAll(file)) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
          throw new IllegalArgumentException(file + " holds a " + crd.path("kind").asText());
        }
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
          if (!version.path("served").asBoolean()) {
            continue;
          }
          JsonNode schema = version.path("schema").path("openAPIV3Schema");
          ObjectNode strict = strict(schema.deepCopy());
          ObjectNode props = strict.with("properties");
          props.set("apiVersion", type("string"));
          props.set("kind", type("string"));
          props.set("metadata", type("object"));
          s.byApiVersionAndKind.put(
              group + "/" + version.path("name").asText() + " " + kind, registry.getSchema(strict));
        }
      }
    }
    return s;
  }

  /** Whether a schema is known for the resource's apiVersion and kind. */
  boolean covers(JsonNode resource) {
    return byApiVersionAndKind.containsKey(key(resource));
  }

  /**
   * The schema errors of a resource, each with its location; empty when it is valid.
   *
   * @throws IllegalArgumentException when no served version of a loaded CRD matches it
   */
  List<String> validate(JsonNode resource) {
    Schema schema = byApiVersionAndKind.get(key(resource));
    if (schema == null) {
      throw new IllegalArgumentException(
          "no CRD serves " + key(resource) + " (known: " + byApiVersionAndKind.keySet() + ")");
    }
    List<Error> errors = schema.validate(resource);
    return errors.stream().map(e -> Kustomize.id(resource) + ": " + e).toList();
  }

  private static String key(JsonNode r) {
    return r.path("apiVersion").asText() + " " + r.path("kind").asText();
  }

  private static ObjectNode type(String type) {
    return JsonNodeFactory.instance.objectNode().put("type", type);
  }

  /**
   * Closes every object schema that lists its properties and neither preserves unknown fields nor
   * declares additionalProperties; drops the x-kubernetes-* annotations (they are not JSON Schema).
   */
  private static ObjectNode strict(ObjectNode node) {
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    Iterator<String> names = node.fieldNames();
    List<String> drop = new java.util.ArrayList<>();
    while (names.hasNext()) {
      String n = names.next();
      if (n.startsWith("x-kubernetes-")) {
        drop.add(n);
      }
    }
    node.remove(drop);
    if (node.has("properties") && !node.has("additionalProperties") && !preserve) {
      node.put("additionalProperties", false);
    }
    node.fields()
        .forEachRemaining(
            f -> {
              JsonNode v = f.getValue();
              if (f.getKey().equals("properties") && v.isObject()) {
                v.fields()
                    .forEachRemaining(
                        p -> {
                          if (p.getValue().isObject()) {
                            strict((ObjectNode) p.getValue());
                          }
                        });
              } else if (v.isObject()) {
                strict((ObjectNode) v);
              } else if (v instanceof ArrayNode a) {
                for (JsonNode item : a) {
                  if (item.isObject()) {
                    strict((ObjectNode) item);
                  }
                }
              }
            });
    return node;
  }
}

package io.nqflow.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The {@code outcomes.jsonl} format of a run folder: one {@link SignalOutcome} per line as a flat
 * JSON object whose keys are the Avro field names (docs/evaluation.md). Longs stay integers (prices
 * in 1e-9 fixed point, times in ns since the UNIX epoch), a null union is JSON null, the outcome
 * kind is its symbol. Unknown keys are ignored, missing keys take the schema default, so older and
 * newer files read alike.
 */
public final class OutcomesJsonl {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutcomesJsonl() {}

  /** One outcome as a single JSON line, without the line break. */
  public static String toLine(SignalOutcome o) {
    ObjectNode n = JSON.createObjectNode();
    for (Schema.Field f : SignalOutcome.getClassSchema().getFields()) {
      Object v = o.get(f.pos());
      if (v == null) {
        n.putNull(f.name());
      } else if (v instanceof Long l) {
        n.put(f.name(), l);
      } else if (v instanceof Integer i) {
        n.put(f.name(), i);
      } else if (v instanceof Double d) {
        n.put(f.name(), d);
      } else if (v instanceof Boolean b) {
        n.put(f.name(), b);
      } else {
        n.put(f.name(), v.toString());
      }
    }
    return n.toString();
  }

  /**
   * Parses one line.
   *
   * @param where the file and line, for the error message
   * @throws IllegalArgumentException naming {@code where} and the field when the line is not an
   *     outcome
   */
  public static SignalOutcome fromLine(String line, String where) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object per line");
    }
    SignalOutcome o = new SignalOutcome();
    for (Schema.Field f : SignalOutcome.getClassSchema().getFields()) {
      JsonNode v = n.get(f.name());
      if (v == null) {
        if (!f.hasDefaultValue()) {
          throw new IllegalArgumentException(where + ": missing field '" + f.name() + "'");
        }
        o.put(f.pos(), SpecificData.get().getDefaultValue(f));
        continue;
      }
      try {
        o.put(f.pos(), value(f, v));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            where + ": field '" + f.name() + "': " + e.getMessage(), e);
      }
    }
    return o;
  }

  private static Object value(Schema.Field f, JsonNode v) {
    Schema s = f.schema();
    if (s.getType() == Schema.Type.UNION) {
      if (v.isNull()) {
        return null;
      }
      s = s.getTypes().get(1);
    }
    return switch (s.getType()) {
      case LONG -> {
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
          throw new IllegalArgumentException("expected an integer, got " + v);
        }
        yield v.longValue();
      }
      case INT -> {
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
          throw new IllegalArgumentException("expected an int, got " + v);
        }
        yield v.intValue();
      }
      case DOUBLE -> {
        if (!v.isNumber()) {
          throw new IllegalArgumentException("expected a number, got " + v);
        }
        yield v.doubleValue();
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw new IllegalArgumentException("expected true or false, got " + v);
        }
        yield v.booleanValue();
      }
      case STRING -> {
        if (!v.isTextual()) {
          throw new IllegalArgumentException("expected a string, got " + v);
        }
        yield v.textValue();
      }
      case ENUM -> OutcomeKind.valueOf(v.asText());
      default -> throw new IllegalStateException("unexpected type " + s.getType());
    };
  }

  /** Writes outcomes, one per line. */
  public static void write(Writer w, Iterable<SignalOutcome> outcomes) throws IOException {
    for (SignalOutcome o : outcomes) {
      w.write(toLine(o));
      w.write('\n');
    }
  }

  /** Reads a whole file; blank lines are skipped; an error names the file and line. */
  public static List<SignalOutcome> read(Path file) throws IOException {
    List<SignalOutcome> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          out.add(fromLine(line, file + ":" + n));
        }
      }
    }
    return out;
  }
}

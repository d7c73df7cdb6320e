package io.nqflow.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Objects;

/**
 * Fills the {@link Key} references of bound settings records ({@code /budget.daily_usd}) with the
 * resolved value of the option they name, so a component can read an option another record declares
 * without declaring it a second time.
 */
final class References {
  private final NqflowConfig root;
  private final Map<String, Record> sections;

  References(NqflowConfig root, Map<String, Record> sections) {
    this.root = root;
    this.sections = sections;
  }

  /** {@code record} with every reference (also in nested records) set to the option's value. */
  <T extends Record> T resolve(T record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean changed = false;
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      types[i] = rc.getType();
      Object value = ConfigValidator.read(rc, record);
      String ref = Names.reference(rc);
      if (ref != null) {
        args[i] = valueOf(ref);
      } else if (value instanceof Record nested && Names.key(rc) != null) {
        args[i] = resolve(nested);
      } else {
        args[i] = value;
      }
      changed |= !Objects.equals(args[i], value);
    }
    if (!changed) {
      return record;
    }
    try {
      @SuppressWarnings("unchecked")
      Constructor<T> ctor = (Constructor<T>) record.getClass().getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot resolve references of " + record.getClass().getName(), e);
    }
  }

  /** The resolved value of the option at an absolute key path. */
  Object valueOf(String path) {
    int dot = path.indexOf('.');
    String head = dot < 0 ? path : path.substring(0, dot);
    Record section = sections.get(head);
    if (section != null) {
      if (dot < 0) {
        return section;
      }
      return valueAt(section, path.substring(dot + 1), path);
    }
    if (ConfigSection.COMPONENT_SECTIONS.contains(head)) {
      throw new IllegalStateException(
          "option /" + path + " is referenced but section " + head + " is not loaded");
    }
    return valueAt(root, path, path);
  }

  private static Object valueAt(Record record, String rest, String path) {
    for (RecordComponent rc : record.getClass().getRecordComponents()) {
      String key = Names.key(rc);
      if (key == null) {
        continue;
      }
      Object value = ConfigValidator.read(rc, record);
      if (rest.equals(key)) {
        return value;
      }
      if (rest.startsWith(key + ".") && value instanceof Record nested) {
        return valueAt(nested, rest.substring(key.length() + 1), path);
      }
    }
    throw new IllegalStateException("no option declared at /" + path);
  }
}

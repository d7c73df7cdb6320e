package io.nqflow.core.config;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys a settings record declares, as a tree of YAML mapping names: a leaf is a component, an
 * inner node a mapping that only groups dotted keys ({@code volume_ratio} of {@code
 * volume_ratio.high}).
 */
final class KeyTree {
  private final Map<String, KeyTree> children = new LinkedHashMap<>();
  private boolean leaf;

  static KeyTree of(Class<? extends Record> type) {
    KeyTree root = new KeyTree();
    for (RecordComponent rc : type.getRecordComponents()) {
      String key = Names.key(rc);
      if (key == null) {
        continue;
      }
      KeyTree node = root;
      for (String part : key.split("\\.")) {
        if (node.leaf) {
          throw new IllegalStateException(
              type.getName() + " declares key " + key + " inside another");
        }
        node = node.children.computeIfAbsent(part, p -> new KeyTree());
      }
      if (node.leaf || !node.children.isEmpty()) {
        throw new IllegalStateException(
            type.getName() + " declares key " + key + " twice or inside another key");
      }
      node.leaf = true;
    }
    return root;
  }

  KeyTree child(String name) {
    return children.get(name);
  }

  Collection<String> names() {
    return children.keySet();
  }

  boolean isLeaf() {
    return leaf;
  }
}

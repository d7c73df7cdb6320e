package io.nqflow.core.config;

import java.lang.reflect.RecordComponent;
import java.util.Collection;

/** Key naming between Java record components (camelCase) and YAML keys (snake_case). */
final class Names {

  private Names() {}

  /**
   * The key a profile sets this component with, relative to its record (possibly dotted); null when
   * no profile sets it ({@link RuntimeOnly}, or a {@link Key} reference to another record's
   * option).
   */
  static String key(RecordComponent rc) {
    if (rc.isAnnotationPresent(RuntimeOnly.class)) {
      return null;
    }
    Key k = rc.getAnnotation(Key.class);
    if (k == null) {
      return snake(rc.getName());
    }
    return k.value().startsWith("/") ? null : k.value();
  }

  /** The absolute key path this component refers to (without the leading /), or null. */
  static String reference(RecordComponent rc) {
    Key k = rc.getAnnotation(Key.class);
    return k != null && k.value().startsWith("/") ? k.value().substring(1) : null;
  }

  /** The key of a component for messages and rendering: its own key, or its reference. */
  static String displayKey(RecordComponent rc) {
    String key = key(rc);
    if (key != null) {
      return key;
    }
    String ref = reference(rc);
    return ref != null ? "/" + ref : snake(rc.getName());
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** The closest candidate within a small edit distance, or null. */
  static String closest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(key, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (bestDistance <= Math.max(2, key.length() / 4)) {
      return best;
    }
    // a key whose unit changed (stop_loss_pct -> stop_loss_fraction) shares its leading words
    String stem = key.lastIndexOf('_') > 0 ? key.substring(0, key.lastIndexOf('_')) : key;
    String byStem = null;
    for (String c : candidates) {
      if (stem.length() >= 6
          && (c.equals(stem) || c.startsWith(stem + "_"))
          && (byStem == null || c.length() < byStem.length())) {
        byStem = c;
      }
    }
    return byStem;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

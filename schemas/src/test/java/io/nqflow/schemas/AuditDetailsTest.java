package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditDetailsTest {
  @Test
  void everyKeyIsListedOnceAndSnakeCase() throws IllegalAccessException {
    List<String> declared = new ArrayList<>();
    for (Field f : AuditDetails.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        declared.add((String) f.get(null));
      }
    }
    assertThat(AuditDetails.ALL).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(AuditDetails.ALL).doesNotHaveDuplicates();
    assertThat(AuditDetails.ALL).allMatch(k -> k.matches("[a-z][a-z0-9_]*"));
  }
}

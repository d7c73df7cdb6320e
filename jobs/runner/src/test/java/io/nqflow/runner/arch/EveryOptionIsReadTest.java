package io.nqflow.runner.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.ReplaySpeed;
import io.nqflow.core.config.RuntimeOnly;
import io.nqflow.runner.Sections;
import io.nqflow.runner.arch.readfixture.FixtureSettings;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every option a settings record declares is read by production code other than the record itself
 * and the configuration machinery: an option that validates, is documented and is set in a strategy
 * but that no component reads would be silently ignored.
 */
class EveryOptionIsReadTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.nqflow");
  }

  @Test
  void everyDeclaredOptionHasAReaderOutsideItsRecord() {
    assertThat(unread(production, settingsRecords()))
        .as("declared options that no component reads")
        .isEmpty();
  }

  @Test
  void theCheckFindsAnOptionThatNothingReads() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("io.nqflow.runner.arch.readfixture");

    assertThat(unread(fixture, Set.of(FixtureSettings.class)))
        .containsExactly("FixtureSettings.unread");
  }

  /**
   * The record components that no code outside the record and the configuration machinery reads,
   * either through the accessor or through a method of the record that uses the field.
   */
  static List<String> unread(JavaClasses classes, Set<Class<?>> records) {
    List<String> out = new ArrayList<>();
    for (Class<?> settings : records) {
      JavaClass record = classes.get(settings);
      for (RecordComponent rc : settings.getRecordComponents()) {
        if (rc.isAnnotationPresent(RuntimeOnly.class) || rc.getType().isRecord()) {
          continue; // filled by the program, or a nested record checked on its own
        }
        if (!readOutside(record.getMethod(rc.getName()), record)
            && !readThroughDerivedMethod(record, rc.getName())) {
          out.add(settings.getSimpleName() + "." + rc.getName());
        }
      }
    }
    return out;
  }

  private static boolean readOutside(JavaCodeUnit method, JavaClass record) {
    return method.getCallsOfSelf().stream()
        .map(c -> c.getOriginOwner())
        .anyMatch(owner -> !isConfigurationCode(owner, record));
  }

  /** A public method of the record (not its own bookkeeping) reads the field and is used. */
  private static boolean readThroughDerivedMethod(JavaClass record, String field) {
    JavaField f = record.getField(field);
    return f.getAccessesToSelf().stream()
        .map(a -> a.getOrigin())
        .filter(m -> !BOOKKEEPING.contains(m.getName()) && !m.getName().startsWith("with"))
        .filter(m -> !m.getName().equals(field) && !m.getName().equals("<init>"))
        .anyMatch(m -> readOutside(m, record));
  }

  private static final Set<String> BOOKKEEPING =
      Set.of("equals", "hashCode", "toString", "validate", "toBuilder");

  /** The component settings of every section, their nested records and the core sections. */
  private static Set<Class<?>> settingsRecords() {
    Set<Class<?>> out = new LinkedHashSet<>();
    for (ConfigSection<?> s : Sections.ALL) {
      addWithNested(s.type(), out);
    }
    for (RecordComponent rc : NqflowConfig.class.getRecordComponents()) {
      if (rc.getType().isRecord()) {
        addWithNested(rc.getType(), out);
      }
    }
    // a value type that parses from one string, not a group of options
    out.remove(ReplaySpeed.class);
    return out;
  }

  private static void addWithNested(Class<?> type, Set<Class<?>> out) {
    if (!out.add(type)) {
      return;
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      if (rc.getType().isRecord()) {
        addWithNested(rc.getType(), out);
      }
      if (rc.getType() == List.class
          && rc.getGenericType() instanceof java.lang.reflect.ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> element
          && element.isRecord()) {
        addWithNested(element, out);
      }
    }
  }

  /** The record itself (equals, toString, with-ers, validation) and core's config machinery. */
  private static boolean isConfigurationCode(JavaClass owner, JavaClass record) {
    JavaClass top = owner;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    JavaClass recordTop = record;
    while (recordTop.getEnclosingClass().isPresent()) {
      recordTop = recordTop.getEnclosingClass().get();
    }
    return top.equals(recordTop) || owner.getPackageName().equals("io.nqflow.core.config");
  }
}

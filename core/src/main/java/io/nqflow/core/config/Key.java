package io.nqflow.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The YAML key of a settings record component when it is not the component's name in snake_case.
 *
 * <p>A relative key may be dotted ({@code volume_ratio.high}): the value sits in nested mappings
 * under the record's own key, so a flat settings record can read a nested YAML layout. A key that
 * starts with {@code /} is a reference to an option another record declares ({@code
 * /budget.daily_usd}): the component receives that option's resolved value and declares nothing
 * itself, so the option keeps one key, one default and one description.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {
  /** The key path, relative to the record or absolute from the profile's root ({@code /...}). */
  String value();
}

package io.nqflow.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a settings record component means and in which unit: the text docs/configuration.md and
 * {@code nqflow config keys} print for the option.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Doc {
  /** One sentence on what the option does. */
  String value();

  /** The unit of the value (USD, contracts, points, fraction, ...); empty when it has none. */
  String unit() default "";
}

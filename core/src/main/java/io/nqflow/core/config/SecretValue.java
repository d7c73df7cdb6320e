package io.nqflow.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code String} settings component that holds a secret: a profile may only set it with {@code
 * ${ENV}} or {@code ${file:/path}}, it is null while unresolved, and rendering masks it. (A {@link
 * Secret} component does the same for code that wants the type to say so.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SecretValue {}

package io.nqflow.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A settings record component that no profile sets: the program fills it at run time (a bounded
 * run, a ledger file of a local run). The loader keeps the record's default for it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface RuntimeOnly {}

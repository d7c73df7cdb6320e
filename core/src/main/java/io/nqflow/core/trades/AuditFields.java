package io.nqflow.core.trades;

import io.nqflow.ops.v1.AuditEvent;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of an audit record's details. A missing or malformed figure is an error naming the
 * record, so a broken audit trail is reported, never silently read as zero.
 */
public final class AuditFields {
  private AuditFields() {}

  /** The detail {@code key}; throws naming the record when it is absent. */
  public static String string(AuditEvent a, String key) {
    String v = a.getDetails().get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "ops.audit record "
              + a.getAuditId()
              + " ("
              + a.getEntityType()
              + " "
              + a.getEntityId()
              + " "
              + a.getAction()
              + "): missing detail '"
              + key
              + "'");
    }
    return v;
  }

  /** The detail {@code key} as a long. */
  public static long longValue(AuditEvent a, String key) {
    String v = string(a, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw notANumber(a, key, v, e);
    }
  }

  /** The detail {@code key} as an int. */
  public static int intValue(AuditEvent a, String key) {
    String v = string(a, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw notANumber(a, key, v, e);
    }
  }

  /** The detail {@code key} as a double. */
  public static double doubleValue(AuditEvent a, String key) {
    String v = string(a, key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw notANumber(a, key, v, e);
    }
  }

  /** The detail {@code key} as an ISO date (yyyy-MM-dd). */
  public static LocalDate date(AuditEvent a, String key) {
    String v = string(a, key);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "ops.audit record "
              + a.getAuditId()
              + ": detail '"
              + key
              + "' is not a date: '"
              + v
              + "'",
          e);
    }
  }

  private static IllegalArgumentException notANumber(
      AuditEvent a, String key, String v, NumberFormatException e) {
    return new IllegalArgumentException(
        "ops.audit record "
            + a.getAuditId()
            + ": detail '"
            + key
            + "' is not a number: '"
            + v
            + "'",
        e);
  }
}

package io.nqflow.runner.ops;

import io.nqflow.core.audit.ConfigAuditLog;
import io.nqflow.core.audit.ConfigDiff;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Prints CONFIG_APPLIED records of ops.audit: one header line per start (time in UTC, component and
 * instance, digest, job id, previous digest and time) followed by its changes, indented.
 */
final class ConfigChanges {
  private ConfigChanges() {}

  /**
   * Prints the matching starts in topic order.
   *
   * @param component only this component, or null for all
   * @param instance only this instance, or null for all
   * @param changedOnly skip starts whose configuration did not change
   * @param full print each start's whole masked configuration too
   * @return how many starts were printed
   */
  static int print(
      List<AuditEvent> audit,
      String component,
      String instance,
      boolean changedOnly,
      boolean full,
      PrintWriter out) {
    int n = 0;
    for (AuditEvent e : audit) {
      if (!ConfigAuditLog.ACTION.equals(e.getAction())
          || !ConfigAuditLog.ENTITY_TYPE.equals(e.getEntityType())) {
        continue;
      }
      Map<String, String> d = e.getDetails();
      if (component != null && !component.equals(d.get(AuditDetails.COMPONENT))) {
        continue;
      }
      if (instance != null && !instance.equals(d.get(AuditDetails.INSTANCE))) {
        continue;
      }
      String diff = d.getOrDefault(AuditDetails.CONFIG_DIFF, "");
      if (changedOnly && diff.equals(ConfigDiff.UNCHANGED)) {
        continue;
      }
      n++;
      StringBuilder head = new StringBuilder();
      head.append(time(e.getTs()))
          .append("  ")
          .append(e.getEntityId())
          .append("  config ")
          .append(shortDigest(d.get(AuditDetails.CONFIG_DIGEST)));
      if (d.containsKey(AuditDetails.JOB_ID)) {
        head.append("  job ").append(d.get(AuditDetails.JOB_ID));
      }
      String prev = d.get(AuditDetails.PREVIOUS_CONFIG_DIGEST);
      if (prev != null && !prev.isEmpty()) {
        head.append("  (previous ").append(shortDigest(prev));
        String prevTs = d.get(AuditDetails.PREVIOUS_CONFIG_TS);
        if (prevTs != null && !prevTs.isEmpty()) {
          head.append(" of ").append(time(Long.parseLong(prevTs)));
        }
        head.append(')');
      }
      out.println(head);
      for (String line : diff.split("\n")) {
        if (!line.isEmpty()) {
          out.println("    " + line);
        }
      }
      if (full) {
        out.println("  configuration:");
        for (String line : d.getOrDefault(AuditDetails.CONFIG, "").split("\n")) {
          if (!line.isEmpty()) {
            out.println("    " + line);
          }
        }
      }
    }
    if (n == 0) {
      out.println("no configuration records match");
    }
    out.flush();
    return n;
  }

  private static String shortDigest(String digest) {
    return digest == null ? "?" : digest.substring(0, Math.min(12, digest.length()));
  }

  private static String time(long ns) {
    return Instant.ofEpochSecond(
            Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
        .truncatedTo(ChronoUnit.MILLIS)
        .toString();
  }
}

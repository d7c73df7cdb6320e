package io.nqflow.core.trades;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attaches the risk gate's exits to the entries they close. An exit (sell flow against a held
 * position) is an order of its own with no parent in its id; it closes the earliest entry on the
 * same instrument and variant still open when the exit first filled, or, unfilled, when its signal
 * came.
 */
final class ExitPairing {
  private ExitPairing() {}

  static void pair(Iterable<OrderRecord> orders) {
    Map<String, List<OrderRecord>> closers = new HashMap<>();
    List<OrderRecord> entries = new ArrayList<>();
    List<OrderRecord> exits = new ArrayList<>();
    for (OrderRecord o : orders) {
      if (!o.described) {
        continue;
      }
      if (o.parent != null) {
        closers.computeIfAbsent(o.parent, k -> new ArrayList<>()).add(o);
      } else if ("ENTRY".equals(o.role) && !o.fills.isEmpty()) {
        entries.add(o);
      } else if ("EXIT".equals(o.role) && o.actedAt() != null) {
        exits.add(o);
      }
    }
    entries.sort(Comparator.comparingLong(OrderRecord::firstFillTs));
    exits.sort(Comparator.comparingLong(OrderRecord::actedAt));
    for (OrderRecord x : exits) {
      long when = x.actedAt();
      for (OrderRecord e : entries) {
        if (e.instrumentId == x.instrumentId
            && Objects.equals(e.variant, x.variant)
            && openAt(e, closers.getOrDefault(e.clientOrderId, List.of()), when) > 0) {
          x.parent = e.clientOrderId;
          closers.computeIfAbsent(e.clientOrderId, k -> new ArrayList<>()).add(x);
          break;
        }
      }
    }
  }

  /** Contracts of the entry still open at {@code ts} (its fills up to then, closers' before). */
  private static int openAt(OrderRecord entry, List<OrderRecord> closers, long ts) {
    int q = 0;
    for (TradeFill f : entry.fills) {
      if (f.ts() <= ts) {
        q += f.signed();
      }
    }
    for (OrderRecord c : closers) {
      for (TradeFill f : c.fills) {
        if (f.ts() < ts) {
          q += f.signed();
        }
      }
    }
    return "BUY".equals(entry.side) ? q : -q;
  }
}

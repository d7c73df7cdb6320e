package io.nqflow.feed.replay;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnFormatException;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.RType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads several DBN files as one stream in event-time order: every instrument definition of every
 * file first (so a definition is always published before the events that need it), then all other
 * records merged by {@code ts_event}, ties broken by file order and position in the file (which is
 * sequence order within a Databento file).
 *
 * <p>A file that turns out malformed part-way is reported through {@link #next()} as a {@link
 * BadInput} and the merge goes on with the other files; nothing read before is lost.
 */
public final class MergedDbnReader implements Closeable {
  /** One item of the merged stream: a record, or bad input from one file. */
  public sealed interface Item permits Rec, BadInput {}

  /** A record with the file it came from. The record view is valid until the next call. */
  public record Rec(DbnRecord record, Path file) implements Item {}

  /** A file that could not be (fully) decoded. */
  public record BadInput(Path file, long offset, String reason, byte[] raw) implements Item {}

  private final List<Path> files;
  private final PriorityQueue<Cursor> heap =
      new PriorityQueue<>(
          Comparator.<Cursor>comparingLong(c -> c.head.tsEvent()).thenComparingInt(c -> c.index));
  private Cursor definitionCursor;
  private Cursor current;
  private int definitionFile;
  private boolean definitionsDone;
  private boolean started;
  private final List<BadInput> bad = new ArrayList<>();

  public MergedDbnReader(List<Path> files) {
    this.files = List.copyOf(files);
  }

  public Item next() throws IOException {
    if (!definitionsDone) {
      Item def = nextDefinition();
      if (def != null) {
        return def;
      }
      definitionsDone = true;
    }
    if (!bad.isEmpty()) {
      return bad.remove(0);
    }
    if (!started) {
      started = true;
      for (int i = 0; i < files.size(); i++) {
        Cursor c = Cursor.open(files.get(i), i, false, bad);
        if (c != null && c.advance(bad)) {
          heap.add(c);
        }
      }
      if (!bad.isEmpty()) {
        return bad.remove(0);
      }
    }
    // The record returned last time is still the head of its cursor: advance it only now, so
    // that the caller could read the record without a copy.
    if (current != null) {
      Cursor c = current;
      current = null;
      if (c.advance(bad)) {
        // Still first (the usual case: one file holds most records): no trip through the heap.
        Cursor top = heap.peek();
        if (top == null || before(c, top)) {
          current = c;
          return new Rec(c.head, c.file);
        }
        heap.add(c);
      } else {
        c.close();
      }
      if (!bad.isEmpty()) {
        return bad.remove(0);
      }
    }
    Cursor c = heap.poll();
    if (c == null) {
      return null;
    }
    current = c;
    return new Rec(c.head, c.file);
  }

  /** The heap's order: ts_event, then file order. */
  private static boolean before(Cursor a, Cursor b) {
    long ta = a.head.tsEvent();
    long tb = b.head.tsEvent();
    return ta < tb || (ta == tb && a.index < b.index);
  }

  /** Definitions pass: one file at a time, only INSTRUMENT_DEF records. */
  private Item nextDefinition() throws IOException {
    while (true) {
      if (!bad.isEmpty()) {
        return bad.remove(0);
      }
      if (definitionCursor == null) {
        if (definitionFile >= files.size()) {
          return null;
        }
        definitionCursor = Cursor.open(files.get(definitionFile), definitionFile, true, bad);
        definitionFile++;
        if (definitionCursor == null) {
          continue;
        }
      }
      if (definitionCursor.advance(bad)) {
        return new Rec(definitionCursor.head, definitionCursor.file);
      }
      definitionCursor.close();
      definitionCursor = null;
    }
  }

  @Override
  public void close() throws IOException {
    for (Cursor c : heap) {
      c.close();
    }
    if (current != null) {
      current.close();
    }
    if (definitionCursor != null) {
      definitionCursor.close();
    }
  }

  /** One open file; {@code definitions} selects the definition pass or the event pass. */
  private static final class Cursor {
    final Path file;
    final int index;
    final boolean definitions;
    final DbnDecoder decoder;
    DbnRecord head;

    private Cursor(Path file, int index, boolean definitions, DbnDecoder decoder) {
      this.file = file;
      this.index = index;
      this.definitions = definitions;
      this.decoder = decoder;
    }

    static Cursor open(Path file, int index, boolean definitions, List<BadInput> bad)
        throws IOException {
      try {
        return new Cursor(file, index, definitions, DbnDecoder.open(file));
      } catch (DbnFormatException e) {
        // Reported once, in the definition pass.
        if (definitions) {
          bad.add(new BadInput(file, e.offset(), e.getMessage(), new byte[0]));
        }
        return null;
      }
    }

    /** Moves to the next record of this pass; false at the end or on bad input. */
    boolean advance(List<BadInput> bad) throws IOException {
      try {
        while (true) {
          DbnRecord r = decoder.next();
          if (r == null) {
            head = null;
            return false;
          }
          boolean isDef = r.rtype() == RType.INSTRUMENT_DEF;
          if (isDef == definitions) {
            head = r;
            return true;
          }
        }
      } catch (DbnFormatException e) {
        // The event pass reports what the definition pass could not see (it stops earlier).
        if (!definitions) {
          bad.add(new BadInput(file, e.offset(), e.getMessage(), new byte[0]));
        }
        head = null;
        return false;
      }
    }

    void close() throws IOException {
      decoder.close();
    }
  }
}

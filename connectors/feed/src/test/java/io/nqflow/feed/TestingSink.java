package io.nqflow.feed;

import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import java.util.ArrayList;
import java.util.List;

/** Collects what the feed delivers; thread-safe. */
public final class TestingSink implements FeedSink {
  private final List<Instrument> instruments = new ArrayList<>();
  private final List<MarketEvent> events = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();

  @Override
  public synchronized void instrument(Instrument i) {
    instruments.add(i);
  }

  @Override
  public synchronized void event(MarketEvent e) {
    events.add(e);
  }

  @Override
  public synchronized void deadLetter(DeadLetter d) {
    deadLetters.add(d);
  }

  public synchronized List<MarketEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<DeadLetter> deadLetters() {
    return List.copyOf(deadLetters);
  }

  public synchronized List<Instrument> instruments() {
    return List.copyOf(instruments);
  }
}

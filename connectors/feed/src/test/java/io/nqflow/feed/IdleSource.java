package io.nqflow.feed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A free source that delivers nothing and runs until it is stopped; counts its runs. */
public final class IdleSource implements FeedSource {
  private final String name;
  public final AtomicInteger starts = new AtomicInteger();
  public final AtomicInteger stops = new AtomicInteger();
  private volatile boolean running;

  public IdleSource(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  public boolean running() {
    return running;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    control.onStop(stopped::countDown);
    running = true;
    starts.incrementAndGet();
    try {
      stopped.await();
    } finally {
      running = false;
      stops.incrementAndGet();
    }
  }
}

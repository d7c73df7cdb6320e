package io.nqflow.feed.replay;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.FeedSource;
import io.nqflow.feed.RunControl;
import java.nio.file.Path;
import java.util.List;

/** DBN files or folders replayed as a {@link FeedSource} (a bounded source: it ends). */
public final class ReplaySource implements FeedSource {
  private final String name;
  private final List<Path> inputs;
  private final Speed speed;
  private final QualityConfig quality;

  public ReplaySource(String name, List<Path> inputs, Speed speed, QualityConfig quality) {
    this.name = name;
    this.inputs = List.copyOf(inputs);
    this.speed = speed;
    this.quality = quality;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    new ReplayFeed(name, sink, speed, quality).run(inputs, n -> {}, control);
  }
}

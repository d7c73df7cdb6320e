package io.nqflow.runner.chaos;

import java.util.List;

/**
 * The comparison of one stream of a chaos run with the fault-free reference (docs/reliability.md,
 * "What counts as lost or duplicated").
 *
 * @param stream what was compared (signals, opportunities, decisions, broker orders, fills)
 * @param reference distinct items of the fault-free run
 * @param run distinct items of the chaos run
 * @param lost items that must be there and are not (0 required)
 * @param duplicated one logical item under two ids, or an item acted on twice (0 required)
 * @param redelivered records delivered again with an id already seen (at-least-once; allowed)
 * @param diverged items that differ from the reference for reasons the design allows (e.g. a risk
 *     rule on the position, which depends on fill timing); informational
 * @param examples a few of the lost or duplicated items, for the report
 */
record StreamCheck(
    String stream,
    long reference,
    long run,
    long lost,
    long duplicated,
    long redelivered,
    long diverged,
    List<String> examples) {

  /** Whether the stream passes (nothing lost or duplicated). */
  boolean ok() {
    return lost == 0 && duplicated == 0;
  }

  /** This check added to {@code other} of the same stream (examples: the first few of both). */
  StreamCheck plus(StreamCheck other) {
    List<String> ex =
        java.util.stream.Stream.concat(examples.stream(), other.examples.stream())
            .limit(5)
            .toList();
    return new StreamCheck(
        stream,
        reference + other.reference,
        run + other.run,
        lost + other.lost,
        duplicated + other.duplicated,
        redelivered + other.redelivered,
        diverged + other.diverged,
        ex);
  }
}

package io.nqflow.feed.quality;

/**
 * One quality finding about one record.
 *
 * @param check what was violated
 * @param instrumentId the record's instrument
 * @param reason a readable explanation with the values involved
 */
public record Finding(Check check, long instrumentId, String reason) {
  public boolean rejects() {
    return check.rejects();
  }
}

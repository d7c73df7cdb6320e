package io.nqflow.dbn;

import java.io.IOException;

/** The one exception for malformed DBN input: names the byte offset and what was wrong there. */
public final class DbnFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final String what;

  /**
   * @param offset byte offset in the decompressed stream where the problem was found (-1 when the
   *     compressed layer failed before any decompressed byte could be attributed)
   * @param what what was wrong, in words
   */
  public DbnFormatException(long offset, String what) {
    super("malformed DBN at byte offset " + offset + ": " + what);
    this.offset = offset;
    this.what = what;
  }

  public DbnFormatException(long offset, String what, Throwable cause) {
    this(offset, what);
    initCause(cause);
  }

  /** Byte offset in the decompressed stream. */
  public long offset() {
    return offset;
  }

  /** What was wrong, without the offset. */
  public String what() {
    return what;
  }
}

package io.nqflow.databento;

/** The historical API answered with an error status; {@link #detail()} is Databento's reason. */
public final class DatabentoHttpException extends DatabentoException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final int status;
  private final String detail;

  public DatabentoHttpException(String endpoint, int status, String detail, int attempts) {
    super(
        "Databento historical API "
            + endpoint
            + " failed with HTTP "
            + status
            + ": "
            + detail
            + (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
    this.endpoint = endpoint;
    this.status = status;
    this.detail = detail;
  }

  /** The method, e.g. {@code timeseries.get_range}. */
  public String endpoint() {
    return endpoint;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The {@code detail} of Databento's JSON error body (or the body itself if it has none). */
  public String detail() {
    return detail;
  }
}

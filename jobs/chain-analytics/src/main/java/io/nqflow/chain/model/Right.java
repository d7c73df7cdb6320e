package io.nqflow.chain.model;

/** Call or put. */
public enum Right {
  CALL,
  PUT;

  /** 'C' or 'P' (case-insensitive), as a chain snapshot writes it. */
  public static Right of(String code) {
    if ("C".equalsIgnoreCase(code) || "CALL".equalsIgnoreCase(code)) {
      return CALL;
    }
    if ("P".equalsIgnoreCase(code) || "PUT".equalsIgnoreCase(code)) {
      return PUT;
    }
    throw new IllegalArgumentException("option type must be C or P, got '" + code + "'");
  }

  /** 'C' or 'P'. */
  public String code() {
    return this == CALL ? "C" : "P";
  }
}

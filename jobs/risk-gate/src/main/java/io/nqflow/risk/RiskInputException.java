package io.nqflow.risk;

/** An input message whose content is impossible (for example a fill of zero contracts). */
public final class RiskInputException extends IllegalArgumentException {
  public RiskInputException(String message) {
    super(message);
  }
}

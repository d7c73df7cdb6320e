package io.nqflow.core.config;

import java.net.URI;

/** Databento access ({@code databento:}). */
public record DatabentoConfig(
    @Doc("API key (secret); required when a DATABENTO_* source is configured") Secret apiKey,
    @Doc("Default dataset") String dataset,
    @Doc("Live gateway host:port; null derives Databento's default from the dataset") @Nullable
        String gateway,
    @Doc("Base URL of the historical HTTP API") String historicalUrl,
    @Doc("Estimated live data spend per connected hour, fed to the budget gate")
        double liveCostUsdPerHour)
    implements Validating {

  public DatabentoConfig {
    apiKey = apiKey == null ? Secret.absent() : apiKey;
  }

  public static DatabentoConfig defaults() {
    return new DatabentoConfig(
        Secret.absent(), "GLBX.MDP3", null, "https://hist.databento.com", 2.0);
  }

  @Override
  public void validate(Checks c) {
    c.notBlank("dataset", dataset);
    if (gateway != null) {
      c.require(
          gateway.matches("[^\\s:]+:\\d{1,5}"),
          "gateway",
          "expected host:port, got \"" + gateway + "\"");
    }
    if (historicalUrl != null) {
      c.require(httpUrl(historicalUrl), "historical_url", "expected an http(s) URL");
    }
    c.range("live_cost_usd_per_hour", liveCostUsdPerHour, 0, 10_000);
  }

  static boolean httpUrl(String s) {
    try {
      URI u = URI.create(s);
      return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

package io.nqflow.core.config;

/**
 * Tradovate broker API credentials ({@code execution.tradovate:}); required when the broker is
 * TRADOVATE.
 *
 * @param baseUrl REST base URL (demo or live environment)
 * @param username account user name
 * @param password account password (secret)
 * @param appId registered application id
 * @param appVersion application version sent at login
 * @param cid API client id
 * @param sec API client secret (secret)
 */
public record TradovateConfig(
    String baseUrl,
    @Nullable String username,
    Secret password,
    @Nullable String appId,
    String appVersion,
    @Nullable String cid,
    Secret sec)
    implements Validating {

  public TradovateConfig {
    password = password == null ? Secret.absent() : password;
    sec = sec == null ? Secret.absent() : sec;
  }

  public static TradovateConfig defaults() {
    return new TradovateConfig(
        "https://demo.tradovateapi.com/v1",
        null,
        Secret.absent(),
        null,
        "1.0",
        null,
        Secret.absent());
  }

  @Override
  public void validate(Checks c) {
    if (baseUrl != null) {
      c.require(DatabentoConfig.httpUrl(baseUrl), "base_url", "expected an http(s) URL");
    }
  }
}

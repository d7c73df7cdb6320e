package io.nqflow.core.config;

import java.io.Serializable;

/**
 * TLS and SASL/SCRAM settings of every Kafka client nqflow creates ({@code kafka.security:}).
 * {@link KafkaConfig#clientProperties()} turns them, with the brokers, into the properties every
 * client starts from. Passwords are {@link Secret}s: set with {@code ${ENV}} or {@code
 * ${file:/path}}, masked wherever the settings are printed.
 */
public record KafkaSecurity(
    @Doc(
            "Transport of every Kafka client: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT (SCRAM without"
                + " TLS, tests only) or SASL_SSL (SCRAM over TLS)")
        Protocol protocol,
    @Doc("SASL mechanism with SASL_PLAINTEXT or SASL_SSL: SCRAM-SHA-256 or SCRAM-SHA-512")
        SaslMechanism saslMechanism,
    @Doc("SCRAM user name; required with SASL_PLAINTEXT or SASL_SSL") @Nullable String username,
    @Doc("SCRAM password (secret); required with SASL_PLAINTEXT or SASL_SSL") Secret password,
    @Doc("Truststore file with the CA certificate(s) of the brokers; required with SSL or SASL_SSL")
        @Nullable
        String truststorePath,
    @Doc("Truststore format: PKCS12 or JKS") String truststoreType,
    @Doc("Truststore password (secret); optional for a PKCS12 truststore without one")
        Secret truststorePassword,
    @Doc(
            "Keystore file with this client's certificate and key, for mutual TLS; unset: no client"
                + " certificate")
        @Nullable
        String keystorePath,
    @Doc("Keystore format: PKCS12 or JKS") String keystoreType,
    @Doc("Keystore password (secret), also used as the key's password; required with keystore_path")
        Secret keystorePassword,
    @Doc(
            "Check that a broker's certificate names the host the client connects to: https (on)"
                + " or none (off; only for test clusters whose certificates name no host)")
        String sslEndpointIdentification)
    implements Validating, Serializable {

  private static final long serialVersionUID = 1L;

  /** The transport of a Kafka client (Kafka's {@code security.protocol}). */
  public enum Protocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    /** True when the connection is TLS. */
    public boolean tls() {
      return this == SSL || this == SASL_SSL;
    }

    /** True when the client authenticates with SASL. */
    public boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
  }

  /** The SASL mechanism ({@code SCRAM-SHA-256} or {@code SCRAM-SHA-512} in a profile). */
  public enum SaslMechanism {
    SCRAM_SHA_256,
    SCRAM_SHA_512;

    /** Kafka's name of the mechanism, e.g. {@code SCRAM-SHA-512}. */
    public String kafkaName() {
      return name().replace('_', '-');
    }
  }

  public KafkaSecurity {
    protocol = protocol == null ? Protocol.PLAINTEXT : protocol;
    saslMechanism = saslMechanism == null ? SaslMechanism.SCRAM_SHA_512 : saslMechanism;
    password = password == null ? Secret.absent() : password;
    truststoreType = truststoreType == null ? "PKCS12" : truststoreType;
    truststorePassword = truststorePassword == null ? Secret.absent() : truststorePassword;
    keystoreType = keystoreType == null ? "PKCS12" : keystoreType;
    keystorePassword = keystorePassword == null ? Secret.absent() : keystorePassword;
    sslEndpointIdentification =
        sslEndpointIdentification == null ? "https" : sslEndpointIdentification;
  }

  /** No TLS, no authentication (the default; a local or test broker). */
  public static KafkaSecurity plaintext() {
    return new KafkaSecurity(
        Protocol.PLAINTEXT,
        SaslMechanism.SCRAM_SHA_512,
        null,
        Secret.absent(),
        null,
        "PKCS12",
        Secret.absent(),
        null,
        "PKCS12",
        Secret.absent(),
        "https");
  }

  /** SCRAM over TLS with a PKCS12 truststore and no client certificate. */
  public static KafkaSecurity saslSsl(
      SaslMechanism mechanism,
      String username,
      Secret password,
      String truststorePath,
      Secret truststorePassword) {
    return new KafkaSecurity(
        Protocol.SASL_SSL,
        mechanism,
        username,
        password,
        truststorePath,
        "PKCS12",
        truststorePassword,
        null,
        "PKCS12",
        Secret.absent(),
        "https");
  }

  /** These settings with another user name and password (e.g. a second account). */
  public KafkaSecurity withCredentials(String user, Secret secret) {
    return new KafkaSecurity(
        protocol,
        saslMechanism,
        user,
        secret,
        truststorePath,
        truststoreType,
        truststorePassword,
        keystorePath,
        keystoreType,
        keystorePassword,
        sslEndpointIdentification);
  }

  @Override
  public void validate(Checks c) {
    String why = " (protocol is " + protocol + ")";
    if (protocol.sasl()) {
      c.require(
          username != null && !username.isBlank(),
          "username",
          "required with SASL: the SCRAM user name" + why);
      if (!password.isPresent()) {
        String ref = password.reference().map(r -> "${" + r + "} has no value").orElse("not set");
        c.error("password", "missing required secret: " + ref + why);
      }
    } else {
      c.require(
          username == null,
          "username",
          "is set but protocol " + protocol + " does not authenticate; use SASL_SSL");
      c.require(
          !password.isPresent() && password.reference().isEmpty(),
          "password",
          "is set but protocol " + protocol + " does not authenticate; use SASL_SSL");
    }
    if (protocol.tls()) {
      c.require(
          truststorePath != null && !truststorePath.isBlank(),
          "truststore_path",
          "required with TLS: the truststore holding the brokers' CA certificate" + why);
    } else {
      c.require(
          truststorePath == null && keystorePath == null,
          truststorePath != null ? "truststore_path" : "keystore_path",
          "is set but protocol " + protocol + " does not use TLS; use SSL or SASL_SSL");
    }
    c.require(
        storeType(truststoreType),
        "truststore_type",
        "expected PKCS12 or JKS, got \"" + truststoreType + "\"");
    c.require(
        storeType(keystoreType),
        "keystore_type",
        "expected PKCS12 or JKS, got \"" + keystoreType + "\"");
    if (keystorePath != null && !keystorePassword.isPresent()) {
      c.error("keystore_password", "required with keystore_path (the keystore's password)");
    }
    c.require(
        "https".equals(sslEndpointIdentification) || "none".equals(sslEndpointIdentification),
        "ssl_endpoint_identification",
        "expected https or none, got \"" + sslEndpointIdentification + "\"");
  }

  private static boolean storeType(String type) {
    return "PKCS12".equals(type) || "JKS".equals(type);
  }
}

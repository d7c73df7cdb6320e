package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SASL_SSL listener of a test broker ({@link EmbeddedKafka#startSaslSsl}): a self-signed
 * certificate for {@code localhost}/{@code 127.0.0.1} made with the JDK's {@code keytool} in a
 * temporary folder (server keystore; the client truststore holding that certificate is written with
 * {@link KeyStore}; each with a random password), the broker properties of a listener named {@value
 * #NAME} that accepts only SCRAM over TLS, and one SCRAM user with a random password. Nothing of it
 * is written anywhere but that folder; no password is logged.
 */
final class SecureListener {
  /** The listener's name in the broker's configuration. */
  static final String NAME = "SECURE";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KafkaSecurity.SaslMechanism mechanism;
  private final String keystorePassword;
  private final String truststorePassword;
  private final String username;
  private final String password;

  private SecureListener(Path dir, KafkaSecurity.SaslMechanism mechanism) {
    this.dir = dir;
    this.mechanism = mechanism;
    this.keystorePassword = randomSecret();
    this.truststorePassword = randomSecret();
    this.username = "nqflow-test-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
    this.password = randomSecret();
  }

  /** Makes the certificate, keystore and truststore under {@code dir} (an owner-only folder). */
  static SecureListener create(Path dir, KafkaSecurity.SaslMechanism mechanism)
      throws IOException, InterruptedException {
    SecureListener l = new SecureListener(dir, mechanism);
    l.makeStores();
    return l;
  }

  /** A random password of 32 URL-safe characters (192 bits). */
  static String randomSecret() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  Path keystore() {
    return dir.resolve("broker-keystore.p12");
  }

  Path truststore() {
    return dir.resolve("client-truststore.p12");
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  /** Every password this listener made (for tests that look for them where they must not be). */
  List<String> passwords() {
    return List.of(keystorePassword, truststorePassword, password);
  }

  KafkaSecurity.SaslMechanism mechanism() {
    return mechanism;
  }

  /**
   * Broker properties adding the listener next to the kit's PLAINTEXT broker and controller
   * listeners (which stay on loopback, for inter-broker and controller traffic and the creation of
   * SCRAM users).
   */
  Map<String, String> brokerProperties(String brokerListener, String controllerListener) {
    String prefix = "listener.name." + NAME.toLowerCase(java.util.Locale.ROOT) + ".";
    String mech = mechanism.kafkaName();
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "listeners",
        brokerListener
            + "://localhost:0,"
            + controllerListener
            + "://localhost:0,"
            + NAME
            + "://localhost:0");
    p.put(
        "listener.security.protocol.map",
        brokerListener + ":PLAINTEXT," + controllerListener + ":PLAINTEXT," + NAME + ":SASL_SSL");
    p.put("inter.broker.listener.name", brokerListener);
    p.put("controller.listener.names", controllerListener);
    p.put(prefix + "sasl.enabled.mechanisms", mech);
    p.put(
        prefix + mech.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put(prefix + "ssl.keystore.location", keystore().toString());
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    p.put(prefix + "ssl.keystore.password", keystorePassword);
    p.put(prefix + "ssl.key.password", keystorePassword);
    p.put(prefix + "ssl.client.auth", "none");
    return p;
  }

  /** Client settings of the test user: SCRAM over TLS, the host name checked. */
  KafkaSecurity clientSecurity() {
    return KafkaSecurity.saslSsl(
        mechanism,
        username,
        Secret.of(password),
        truststore().toString(),
        Secret.of(truststorePassword));
  }

  private void makeStores() throws IOException, InterruptedException {
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore().toString(),
        "-storepass:env",
        "NQFLOW_KS_PASS",
        "-keypass:env",
        "NQFLOW_KS_PASS");
    // the client truststore holds the broker's self-signed certificate as its one trust anchor
    try {
      KeyStore server = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore())) {
        server.load(in, keystorePassword.toCharArray());
      }
      Certificate cert = server.getCertificate("broker");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("nqflow-test-ca", cert);
      try (OutputStream out = Files.newOutputStream(truststore())) {
        trust.store(out, truststorePassword.toCharArray());
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the client truststore under " + dir, e);
    }
  }

  /** Deletes the certificate, the stores and their folder (what is left of it). */
  void delete() throws IOException {
    for (Path f : List.of(keystore(), truststore())) {
      Files.deleteIfExists(f);
    }
    try (var rest = Files.list(dir)) {
      if (rest.findAny().isEmpty()) {
        Files.delete(dir);
      }
    }
  }

  /** Runs the JDK's keytool; passwords travel in its environment, never on its command line. */
  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // a short-lived tool: the quick compiler and the serial collector start it fastest
    cmd.add("-J-XX:TieredStopAtLevel=1");
    cmd.add("-J-XX:+UseSerialGC");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("NQFLOW_KS_PASS", keystorePassword);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("keytool " + args[0] + " did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "keytool "
              + args[0]
              + " failed with exit code "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8).strip());
    }
    if (!Files.isRegularFile(keystore())) {
      throw new IOException("keytool " + args[0] + " wrote no store under " + dir);
    }
  }
}

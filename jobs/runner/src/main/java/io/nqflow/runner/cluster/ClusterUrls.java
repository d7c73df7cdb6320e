package io.nqflow.runner.cluster;

import java.io.IOException;

/** Which REST URL a command talks to: the one given, else the one the cluster folder recorded. */
final class ClusterUrls {
  static final String DEFAULT = "http://127.0.0.1:8081";

  private ClusterUrls() {}

  static String resolve(String given, ClusterLayout layout) throws IOException {
    if (given != null && !given.isBlank()) {
      return given;
    }
    String recorded = layout.recordedRestUrl();
    return recorded != null ? recorded : DEFAULT;
  }
}

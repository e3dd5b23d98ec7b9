package dev.flowline.artifacts;

import java.security.SecureRandom;

/**
 * Object keys for new artifacts, shaped like CodePipeline's:
 * {@code <pipeline name, first 20 chars>/<artifact name, first 10 chars>/<7 random [A-Za-z0-9]>.zip}.
 * A segment that would be {@code .} or {@code ..} (a legal pipeline name) has its dots replaced by
 * {@code _} so that no store can read it as a path step.
 */
final class ArtifactKeys {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ArtifactKeys() {}

  static String newKey(String pipelineName, String artifactName) {
    StringBuilder random = new StringBuilder(7);
    for (int i = 0; i < 7; i++) {
      random.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return segment(pipelineName, 20) + "/" + segment(artifactName, 10) + "/" + random + ".zip";
  }

  private static String segment(String name, int maxLength) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("pipeline and artifact names must not be empty");
    }
    String s = name.length() > maxLength ? name.substring(0, maxLength) : name;
    s = s.replace('/', '_');
    return s.equals(".") || s.equals("..") ? s.replace('.', '_') : s;
  }
}

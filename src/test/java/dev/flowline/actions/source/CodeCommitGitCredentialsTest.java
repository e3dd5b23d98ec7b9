package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The SigV4-derived git password, compared with what the AWS CLI's own credential helper answers. */
class CodeCommitGitCredentialsTest {
  static final String KEY = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final URI REPOSITORY = URI.create("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo");

  @Test
  @DisplayName("given long-term keys, then user and password equal those of 'aws codecommit credential-helper get'")
  void sameAsTheCliForKeys() throws Exception {
    Map<String, String> cli = credentialHelper(null);

    var derived = CodeCommitGitCredentials.derive(AwsBasicCredentials.create(KEY, SECRET), "eu-west-1", REPOSITORY,
        timestampOf(cli.get("password")));

    assertThat(derived.username()).isEqualTo(cli.get("username")).isEqualTo(KEY);
    assertThat(derived.password()).isEqualTo(cli.get("password"));
  }

  @Test
  @DisplayName("given temporary credentials, then the user carries %<session token>, as the CLI's helper says")
  void sameAsTheCliForSessionCredentials() throws Exception {
    Map<String, String> cli = credentialHelper("session-token-123");
    AwsCredentials session = AwsSessionCredentials.create(KEY, SECRET, "session-token-123");

    var derived = CodeCommitGitCredentials.derive(session, "eu-west-1", REPOSITORY, timestampOf(cli.get("password")));

    assertThat(derived.username()).isEqualTo(cli.get("username")).isEqualTo(KEY + "%session-token-123");
    assertThat(derived.password()).isEqualTo(cli.get("password"));
    assertThat(derived.toString()).doesNotContain(derived.password()).doesNotContain("session-token-123");
  }

  @Test
  @DisplayName("the password is <timestamp>Z<64 hex digits> and changes with the time, the region and the path")
  void passwordShape() {
    AwsCredentials keys = AwsBasicCredentials.create(KEY, SECRET);
    Instant now = Instant.parse("2026-01-02T03:04:05Z");

    String password = CodeCommitGitCredentials.derive(keys, "eu-west-1", REPOSITORY, now).password();

    assertThat(password).matches("20260102T030405Z[0-9a-f]{64}");
    assertThat(CodeCommitGitCredentials.derive(keys, "eu-west-1", REPOSITORY, now.plusSeconds(1)).password())
        .isNotEqualTo(password);
    assertThat(CodeCommitGitCredentials.derive(keys, "us-east-1", REPOSITORY, now).password()).isNotEqualTo(password);
    assertThat(CodeCommitGitCredentials.derive(keys, "eu-west-1", URI.create(REPOSITORY + "-2"), now).password())
        .isNotEqualTo(password);
  }

  private static Instant timestampOf(String password) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
        .parse(password.substring(0, 15), Instant::from);
  }

  private static Map<String, String> credentialHelper(String sessionToken) throws IOException, InterruptedException {
    assumeTrue(new ProcessBuilder("bash", "-c", "command -v aws").start().waitFor() == 0, "the AWS CLI is needed");
    ProcessBuilder helper = new ProcessBuilder("aws", "codecommit", "credential-helper", "get");
    helper.environment().put("AWS_ACCESS_KEY_ID", KEY);
    helper.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
    helper.environment().remove("AWS_SESSION_TOKEN");
    if (sessionToken != null) {
      helper.environment().put("AWS_SESSION_TOKEN", sessionToken);
    }
    helper.environment().put("AWS_CONFIG_FILE", "/dev/null");
    helper.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = helper.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(("protocol=https\nhost=" + REPOSITORY.getHost() + "\npath=" + REPOSITORY.getPath().substring(1) + "\n\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, String> answer = new LinkedHashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> answer.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertThat(answer).as(out).containsKeys("username", "password");
    return answer;
  }
}

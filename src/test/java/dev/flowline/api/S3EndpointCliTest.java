package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.api.s3.S3Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The S3 endpoint with the real AWS CLI ({@code aws s3 ...}); skipped where the CLI is not installed. */
@FlowlineTest
class S3EndpointCliTest {

  @Autowired
  S3Endpoint endpoint;

  @TempDir
  Path work;

  record Result(int exitCode, String output) {}

  Result aws(Map<String, String> credentials, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint.url().toString()));
    Path output = Files.createTempFile(work, "aws", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .directory(work.toFile());
    builder.environment().putAll(Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", ""));
    builder.environment().remove("AWS_SESSION_TOKEN");
    builder.environment().remove("AWS_PROFILE");
    builder.environment().putAll(credentials);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  static Map<String, String> keyPair(String id, String secret) {
    return Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret);
  }

  @Test
  @DisplayName("aws s3 mb, cp up (also multipart) and down, ls and rm work against the endpoint on the local bucket's"
      + " files; a wrong secret is refused and writes nothing")
  void cliRoundTrip() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is needed");
    Map<String, String> admin = keyPair(ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    String bucket = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path bucketDir = ApiTestData.DATA_DIR.resolve("s3").resolve(bucket);

    Result mb = aws(admin, "s3", "mb", "s3://" + bucket);
    assertThat(mb.exitCode()).as(mb.output()).isZero();
    assertThat(bucketDir).isDirectory();

    Path small = work.resolve("app.zip");
    Files.writeString(small, "a source zip, as far as this test cares");
    Result up = aws(admin, "s3", "cp", small.toString(), "s3://" + bucket + "/sources/app.zip");
    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(bucketDir.resolve("sources/app.zip")).hasSameBinaryContentAs(small);

    byte[] big = new byte[9 * 1024 * 1024];
    new Random(12).nextBytes(big);
    Path large = work.resolve("large.bin");
    Files.write(large, big);
    Result multipart = aws(admin, "s3", "cp", large.toString(), "s3://" + bucket + "/large.bin");
    assertThat(multipart.exitCode()).as(multipart.output()).isZero();
    assertThat(bucketDir.resolve("large.bin")).hasSameBinaryContentAs(large);

    Result ls = aws(admin, "s3", "ls", "s3://" + bucket + "/sources/");
    assertThat(ls.exitCode()).as(ls.output()).isZero();
    assertThat(ls.output()).contains("app.zip");

    Path back = work.resolve("back.bin");
    Result down = aws(admin, "s3", "cp", "s3://" + bucket + "/large.bin", back.toString());
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(back).hasSameBinaryContentAs(large);

    Result forged = aws(keyPair(ApiProperties.DEFAULT_ACCESS_KEY_ID, "not-the-secret"),
        "s3", "cp", small.toString(), "s3://" + bucket + "/forged.zip");
    assertThat(forged.exitCode()).isNotZero();
    assertThat(forged.output()).contains("SignatureDoesNotMatch");
    assertThat(bucketDir.resolve("forged.zip")).doesNotExist();

    Result rm = aws(admin, "s3", "rm", "s3://" + bucket + "/sources/app.zip");
    assertThat(rm.exitCode()).as(rm.output()).isZero();
    assertThat(bucketDir.resolve("sources/app.zip")).doesNotExist();
  }
}

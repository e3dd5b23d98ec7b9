package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.api.s3.S3Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;

/** The S3 endpoint with the real AWS CLI ({@code aws s3 ...}); skipped where the CLI is not installed. */
@FlowlineTest
class S3EndpointCliTest {

  @Autowired
  S3Endpoint endpoint;

  @LocalServerPort
  int port;

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

  /** Runs a pipeline whose S3 source reads {@code bucket}/app.zip; the README.md its source artifact holds. */
  String sourceActionFetches(String bucket) {
    String name = "cli-fed-" + bucket;
    var base = SdkPipelines.sourceThenApproval(name);
    var fetch = base.stages().get(0).actions().get(0).toBuilder()
        .configuration(Map.of("S3Bucket", bucket, "S3ObjectKey", "app.zip", "PollForSourceChanges", "false")).build();
    try (CodePipelineClient client = ApiClients.codePipeline(port)) {
      client.createPipeline(r -> r.pipeline(base.toBuilder().stages(
          base.stages().get(0).toBuilder().actions(fetch).build(), base.stages().get(1)).build()));
      String executionId = client.startPipelineExecution(r -> r.name(name)).pipelineExecutionId();
      List<ActionExecutionDetail> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        found.clear();
        client.listActionExecutions(r -> r.pipelineName(name).filter(f -> f.pipelineExecutionId(executionId)))
            .actionExecutionDetails().stream().filter(d -> d.actionName().equals("Fetch")
                && d.status() == ActionExecutionStatus.SUCCEEDED).forEach(found::add);
        return !found.isEmpty();
      });
      var location = found.get(0).output().outputArtifacts().get(0).s3location();
      client.stopPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(executionId).abandon(true));
      return CustomPipelines.entry(ApiTestData.DATA_DIR.resolve("artifacts").resolve(location.bucket())
          .resolve(location.key()), "README.md");
    }
  }

  static Map<String, String> keyPair(String id, String secret) {
    return Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret);
  }

  @Test
  @DisplayName("aws s3 mb, cp up (also multipart) and down, ls and rm work against the endpoint on the local bucket's"
      + " files; a source zip uploaded with aws s3 cp is what the S3 source action fetches; a wrong secret is refused"
      + " and writes nothing")
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

    Path zip = work.resolve("source.zip");
    try (var out = Files.newOutputStream(zip); var entries = new java.util.zip.ZipOutputStream(out)) {
      entries.putNextEntry(new java.util.zip.ZipEntry("README.md"));
      entries.write("# uploaded with aws s3 cp\n".getBytes(StandardCharsets.UTF_8));
      entries.closeEntry();
    }
    Result source = aws(admin, "s3", "cp", zip.toString(), "s3://" + bucket + "/app.zip");
    assertThat(source.exitCode()).as(source.output()).isZero();
    assertThat(sourceActionFetches(bucket)).isEqualTo("# uploaded with aws s3 cp\n");

    Result rm = aws(admin, "s3", "rm", "s3://" + bucket + "/sources/app.zip");
    assertThat(rm.exitCode()).as(rm.output()).isZero();
    assertThat(bucketDir.resolve("sources/app.zip")).doesNotExist();
  }
}

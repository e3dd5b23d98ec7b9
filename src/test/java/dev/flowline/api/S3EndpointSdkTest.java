package dev.flowline.api;

import static dev.flowline.api.CustomPipelines.sourceCustomDeploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.api.s3.S3Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Date;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.Artifact;
import software.amazon.awssdk.services.codepipeline.model.Job;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 endpoint with the real SDK v2 S3 client: the API's key pairs by role, a job's artifact credentials within
 * their scope and lifetime, and what is written through it is the very file the pipeline's actions use.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndpointSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  S3Endpoint endpoint;

  @Autowired
  IdentityService identity;

  CodePipelineClient pipelines;
  /** Buckets of this run: the test data directory outlives it. */
  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String basicBucket = "s3-basic-" + run;
  final String rolesBucket = "s3-roles-" + run;
  final String fedBucket = "s3-fed-sources-" + run;
  S3Client admin;

  @BeforeAll
  void connect() throws IOException {
    ApiTestData.putSourceObject();
    Files.createDirectories(ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET));
    ensureUser("rolereader", "flowline-readers");
    ensureUser("roleoperator", "flowline-operators");
    ensureUser("rolenobody", null);
    pipelines = ApiClients.codePipeline(port);
    admin = s3(AwsBasicCredentials.create(ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY));
  }

  @AfterAll
  void close() {
    pipelines.close();
    admin.close();
  }

  /** The users behind application-test.yml's role key pairs, as ApiRolesSdkTest makes them. */
  void ensureUser(String id, String group) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setPassword(UUID.randomUUID().toString());
      identity.saveUser(user);
      if (group != null) {
        identity.createMembership(id, group);
      }
    }
  }

  S3Client s3(AwsCredentials credentials) {
    return S3Client.builder().endpointOverride(endpoint.url()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
  }

  static Path localBucketFile(String bucket, String key) {
    return ApiTestData.DATA_DIR.resolve("s3").resolve(bucket).resolve(key);
  }

  static byte[] zip(String entry, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(text.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  @DisplayName("an administrator's key pair creates a bucket, puts, heads, gets, lists and deletes objects, and the"
      + " objects are the local bucket's files")
  void keyPairDoesTheBasicOperations() throws IOException {
    admin.createBucket(r -> r.bucket(basicBucket));
    assertThat(ApiTestData.DATA_DIR.resolve("s3").resolve(basicBucket)).isDirectory();
    assertThatThrownBy(() -> admin.createBucket(r -> r.bucket(basicBucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(409);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        });

    admin.putObject(r -> r.bucket(basicBucket).key("dir/hello.txt"), RequestBody.fromString("hello over S3"));
    assertThat(Files.readString(localBucketFile(basicBucket, "dir/hello.txt"))).isEqualTo("hello over S3");

    Files.writeString(localBucketFile(basicBucket, "dir/copied.txt"), "copied into the directory");
    assertThat(admin.getObjectAsBytes(r -> r.bucket(basicBucket).key("dir/copied.txt")).asUtf8String())
        .isEqualTo("copied into the directory");
    assertThat(admin.headObject(r -> r.bucket(basicBucket).key("dir/hello.txt")).contentLength()).isEqualTo(13);
    assertThat(admin.listObjectsV2(r -> r.bucket(basicBucket).prefix("dir/")).contents()).extracting(S3Object::key)
        .containsExactly("dir/copied.txt", "dir/hello.txt");

    admin.deleteObject(r -> r.bucket(basicBucket).key("dir/hello.txt"));
    assertThat(localBucketFile(basicBucket, "dir/hello.txt")).doesNotExist();
    assertThatThrownBy(() -> admin.headObject(r -> r.bucket(basicBucket).key("dir/hello.txt")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> admin.getObject(r -> r.bucket(basicBucket).key("nothing-here")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("NoSuchKey"));
  }

  @Test
  @DisplayName("a reader reads but may not write (AccessDenied, nothing written); a wrong secret or an unknown key is"
      + " refused with S3's errors")
  void rolesAndSignatures() {
    admin.createBucket(r -> r.bucket(rolesBucket));
    admin.putObject(r -> r.bucket(rolesBucket).key("kept.txt"), RequestBody.fromString("kept"));
    try (S3Client reader = s3(AwsBasicCredentials.create("ROLEREADER0000000000", "reader-secret"));
         S3Client forger = s3(AwsBasicCredentials.create("ROLEREADER0000000000", "not-the-secret"));
         S3Client stranger = s3(AwsBasicCredentials.create("AKIANOBODYKNOWS00000", "whatever"));
         S3Client nobody = s3(AwsBasicCredentials.create("ROLENOBODY0000000000", "nobody-secret"))) {
      assertThat(reader.getObjectAsBytes(r -> r.bucket(rolesBucket).key("kept.txt")).asUtf8String()).isEqualTo("kept");
      assertThatThrownBy(() -> reader.putObject(r -> r.bucket(rolesBucket).key("new.txt"), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          });
      assertThat(localBucketFile(rolesBucket, "new.txt")).doesNotExist();
      assertThatThrownBy(() -> reader.deleteObject(r -> r.bucket(rolesBucket).key("kept.txt")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
      assertThat(localBucketFile(rolesBucket, "kept.txt")).exists();

      try (S3Client operator = s3(AwsBasicCredentials.create("ROLEOPERATOR00000000", "operator-secret"))) {
        operator.putObject(r -> r.bucket(rolesBucket).key("operated.txt"), RequestBody.fromString("by an operator"));
        assertThat(localBucketFile(rolesBucket, "operated.txt")).hasContent("by an operator");
        assertThatThrownBy(() -> operator.putObject(r -> r.bucket("flowline-artifacts").key("x/y/forged.zip"),
            RequestBody.fromString("x")))
            .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                .isEqualTo("AccessDenied"));
        assertThat(artifactFile("flowline-artifacts", "x/y/forged.zip")).doesNotExist();
      }

      assertThatThrownBy(() -> forger.getObject(r -> r.bucket(rolesBucket).key("kept.txt")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
          });
      assertThatThrownBy(() -> forger.putObject(r -> r.bucket(rolesBucket).key("forged.txt"), RequestBody.fromString("x")))
          .isInstanceOf(S3Exception.class);
      assertThat(localBucketFile(rolesBucket, "forged.txt")).doesNotExist();
      assertThatThrownBy(() -> stranger.getObject(r -> r.bucket(rolesBucket).key("kept.txt")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("InvalidAccessKeyId"));
      assertThatThrownBy(() -> nobody.getObject(r -> r.bucket(rolesBucket).key("kept.txt")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
    }
  }

  @Test
  @DisplayName("a source zip put through the endpoint is what the S3 source action of the next execution fetches")
  void uploadFeedsTheSourceAction() throws IOException {
    admin.createBucket(r -> r.bucket(fedBucket));
    admin.putObject(r -> r.bucket(fedBucket).key("app.zip"),
        RequestBody.fromBytes(zip("README.md", "# uploaded with the S3 API\n")));
    CustomPipelines.registerType(pipelines, "S3FedTool" + run);
    var declaration = sourceCustomDeploy("s3-fed-" + run, "S3FedTool" + run, "fed", null);
    var source = declaration.stages().get(0).actions().get(0).toBuilder()
        .configuration(Map.of("S3Bucket", fedBucket, "S3ObjectKey", "app.zip", "PollForSourceChanges", "false"))
        .build();
    pipelines.createPipeline(r -> r.pipeline(declaration.toBuilder().stages(
        declaration.stages().get(0).toBuilder().actions(source).build(), declaration.stages().get(1),
        declaration.stages().get(2)).build()));

    Job job = startAndPoll("s3-fed-" + run, "S3FedTool" + run, "fed");
    try (S3Client worker = s3(credentials(job))) {
      Artifact input = job.data().inputArtifacts().get(0);
      byte[] zip = worker.getObjectAsBytes(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())).asByteArray();
      Path file = Files.createTempFile("fed", ".zip");
      Files.write(file, zip);
      assertThat(CustomPipelines.entry(file, "README.md")).isEqualTo("# uploaded with the S3 API\n");
    }
    pipelines.putJobFailureResult(r -> r.jobId(job.id()).failureDetails(f -> f.type("JobFailed").message("done")));
  }

  @Test
  @DisplayName("a job's artifact credentials read its input (also by presigned URL) and write its output; another"
      + " pipeline's artifact, another key, a missing or forged token and the same credentials after the job ended are"
      + " refused, and nothing is written")
  void jobCredentialsAreScopedToTheJob() throws Exception {
    CustomPipelines.registerType(pipelines, "S3ScopeTool" + run);
    pipelines.createPipeline(r -> r.pipeline(sourceCustomDeploy("s3-scope-a-" + run, "S3ScopeTool" + run, "a", null)));
    pipelines.createPipeline(r -> r.pipeline(sourceCustomDeploy("s3-scope-b-" + run, "S3ScopeTool" + run, "b", null)));
    Job jobA = startAndPoll("s3-scope-a-" + run, "S3ScopeTool" + run, "a");
    Job jobB = startAndPoll("s3-scope-b-" + run, "S3ScopeTool" + run, "b");
    pipelines.acknowledgeJob(r -> r.jobId(jobA.id()).nonce(jobA.nonce()));
    Artifact input = jobA.data().inputArtifacts().get(0);
    Artifact output = jobA.data().outputArtifacts().get(0);
    Artifact otherInput = jobB.data().inputArtifacts().get(0);
    String bucket = output.location().s3Location().bucketName();
    String outputKey = output.location().s3Location().objectKey();
    var creds = jobA.data().artifactCredentials();

    try (S3Client worker = s3(credentials(jobA));
         S3Client tokenless = s3(AwsBasicCredentials.create(creds.accessKeyId(), creds.secretAccessKey()));
         S3Client wrongToken = s3(AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey(), "forged"))) {
      assertThat(worker.getObjectAsBytes(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())).asByteArray()).isNotEmpty();
      assertThat(worker.headObject(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())).contentLength()).isPositive();

      assertThatThrownBy(() -> worker.getObject(r -> r.bucket(otherInput.location().s3Location().bucketName())
          .key(otherInput.location().s3Location().objectKey())))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          });
      String elsewhere = outputKey.replace(".zip", "-elsewhere.zip");
      assertThatThrownBy(() -> worker.putObject(r -> r.bucket(bucket).key(elsewhere), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
      assertThat(artifactFile(bucket, elsewhere)).doesNotExist();
      assertThatThrownBy(() -> worker.putObject(r -> r.bucket("flowline-sources").key("app.zip"),
          RequestBody.fromString("overwritten")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> worker.listObjectsV2(r -> r.bucket(bucket)))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> tokenless.getObject(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("InvalidToken"));
      assertThatThrownBy(() -> wrongToken.putObject(r -> r.bucket(bucket).key(outputKey), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("InvalidToken"));
      assertThat(artifactFile(bucket, outputKey)).doesNotExist();

      try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint.url()).region(Region.US_EAST_1)
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
          .credentialsProvider(StaticCredentialsProvider.create(credentials(jobA))).build()) {
        URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
            .getObjectRequest(g -> g.bucket(input.location().s3Location().bucketName())
                .key(input.location().s3Location().objectKey()))).url().toURI();
        HttpResponse<byte[]> presigned = HTTP.send(HttpRequest.newBuilder(url).build(), BodyHandlers.ofByteArray());
        assertThat(presigned.statusCode()).isEqualTo(200);
        assertThat(presigned.body()).isEqualTo(Files.readAllBytes(artifactFile(
            input.location().s3Location().bucketName(), input.location().s3Location().objectKey())));
        URI forged = URI.create(url.toString().replaceAll("X-Amz-Security-Token=[^&]+", "X-Amz-Security-Token=forged"));
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(forged).build(), BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<Code>InvalidToken</Code>");
      }

      worker.putObject(r -> r.bucket(bucket).key(outputKey),
          RequestBody.fromBytes(zip("result.txt", "written through S3")));
      assertThat(CustomPipelines.entry(artifactFile(bucket, outputKey), "result.txt")).isEqualTo("written through S3");

      String executionId = jobA.data().pipelineContext().pipelineExecutionId();
      pipelines.putJobSuccessResult(r -> r.jobId(jobA.id()).outputVariables(Map.of("Greeting", "scoped-" + executionId)));
      await().atMost(PATIENCE).until(() -> pipelines.getPipelineExecution(r -> r.pipelineName("s3-scope-a-" + run)
          .pipelineExecutionId(executionId)).pipelineExecution().status() != PipelineExecutionStatus.IN_PROGRESS);
      assertThat(pipelines.getPipelineExecution(r -> r.pipelineName("s3-scope-a-" + run).pipelineExecutionId(executionId))
          .pipelineExecution().status()).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
      assertThat(CustomPipelines.entry(localBucketFile(CustomPipelines.DEPLOY_BUCKET, "scoped-" + executionId + ".zip"),
          "result.txt")).isEqualTo("written through S3");

      assertThatThrownBy(() -> worker.getObject(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
          });
      byte[] before = Files.readAllBytes(artifactFile(bucket, outputKey));
      assertThatThrownBy(() -> worker.putObject(r -> r.bucket(bucket).key(outputKey), RequestBody.fromString("late")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("ExpiredToken"));
      assertThat(Files.readAllBytes(artifactFile(bucket, outputKey))).isEqualTo(before);
    }
    pipelines.putJobFailureResult(r -> r.jobId(jobB.id()).failureDetails(f -> f.type("JobFailed").message("done")));
  }

  @Test
  @DisplayName("a job not acknowledged in time goes back to the queue, and its credentials answer ExpiredToken")
  void unacknowledgedJobsCredentialsExpire() {
    CustomPipelines.registerType(pipelines, "S3LapseTool" + run);
    pipelines.createPipeline(r -> r.pipeline(sourceCustomDeploy("s3-lapse-" + run, "S3LapseTool" + run, "l", null)));
    Job job = startAndPoll("s3-lapse-" + run, "S3LapseTool" + run, "l");
    Artifact input = job.data().inputArtifacts().get(0);
    try (S3Client worker = s3(credentials(job))) {
      assertThat(worker.headObject(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())).contentLength()).isPositive();
      ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(2).toMillis()));
      assertThatThrownBy(() -> worker.getObject(r -> r.bucket(input.location().s3Location().bucketName())
          .key(input.location().s3Location().objectKey())))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("ExpiredToken"));
    } finally {
      ClockUtil.reset();
    }
  }

  static Path artifactFile(String bucket, String key) {
    return ApiTestData.DATA_DIR.resolve("artifacts").resolve(bucket).resolve(key);
  }

  static AwsSessionCredentials credentials(Job job) {
    var c = job.data().artifactCredentials();
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  Job startAndPoll(String pipeline, String provider, String project) {
    String executionId = pipelines.startPipelineExecution(r -> r.name(pipeline)).pipelineExecutionId();
    List<Job> found = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      pipelines.pollForJobs(r -> r.actionTypeId(CustomPipelines.type(provider)).maxBatchSize(5)
          .queryParam(Map.of("ProjectName", project))).jobs().stream()
          .filter(j -> j.data().pipelineContext().pipelineExecutionId().equals(executionId))
          .forEach(found::add);
      return !found.isEmpty();
    });
    return found.get(0);
  }
}

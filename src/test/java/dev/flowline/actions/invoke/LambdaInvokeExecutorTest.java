package dev.flowline.actions.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.HandedJob;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.MotoServer;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The Lambda invoke action's hand-off against a real moto_server (its Lambda without docker: it accepts an Event
 * invocation and runs nothing) and the event it sends.
 */
class LambdaInvokeExecutorTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static MotoServer moto;
  static AwsClients clients;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    moto.configure("{\"lambda\": {\"use_docker\": false}}");
    clients = MotoAws.clients(moto);
    createRole("lambda");
    LambdaClient lambda = clients.client("lambda", LambdaClient::builder, "us-east-1", null);
    SdkBytes code = SdkBytes.fromByteArray(zip());
    lambda.createFunction(b -> b.functionName("notify").runtime(Runtime.PYTHON3_12).handler("index.handler")
        .role("arn:aws:iam::123456789012:role/lambda").code(c -> c.zipFile(code)));
  }

  @AfterAll
  static void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static HandedJob job(Map<String, String> configuration, String continuationToken) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("actionTypeId", Map.of("category", "Invoke", "owner", "AWS", "provider", "Lambda", "version", "1"));
    data.put("actionConfiguration", Map.of("configuration", configuration));
    data.put("pipelineContext", Map.of("pipelineName", "p"));
    data.put("inputArtifacts", List.of(Map.of("name", "Src", "location", Map.of("type", "S3",
        "s3Location", Map.of("bucketName", "artifacts", "objectKey", "p/Src/abc.zip")))));
    data.put("outputArtifacts", List.of());
    data.put("artifactCredentials", Map.of("accessKeyId", "FLJTKEY", "secretAccessKey", "s", "sessionToken", "t"));
    if (continuationToken != null) {
      data.put("continuationToken", continuationToken);
    }
    return new HandedJob("11111111-abcd-1111-abcd-111111abcdef", "123456789012",
        ActionFixture.job(LambdaInvokeExecutor.TYPE.id()).configuration(configuration).build(), data);
  }

  @Test
  @DisplayName("an existing function is invoked and the job waits for its report")
  void invokesTheFunction() {
    Optional<ActionResult.Failed> refused = new LambdaInvokeExecutor(clients)
        .handOff(job(Map.of("FunctionName", "notify", "UserParameters", "hello"), null));

    assertThat(refused).isEmpty();
  }

  @Test
  @DisplayName("a function that does not exist fails the action, naming the function (Lambda's 404, from the wire"
      + " format double: moto without docker accepts an invocation of any name)")
  void missingFunctionFails() {
    try (LambdaDouble lambda = LambdaDouble.start(); AwsClients viaDouble = new AwsClients("us-east-1",
        Map.of("lambda", lambda.endpoint()), null, false,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      Optional<ActionResult.Failed> refused = new LambdaInvokeExecutor(viaDouble)
          .handOff(job(Map.of("FunctionName", "does-not-exist"), null));

      assertThat(refused).hasValueSatisfying(f -> {
        assertThat(f.failureType()).isEqualTo("JobFailed");
        assertThat(f.message()).contains("does-not-exist").contains("Function not found");
      });
    }
  }

  @Test
  @DisplayName("without FunctionName the action fails as a configuration error naming the key, and nothing is invoked")
  void missingFunctionName() {
    Optional<ActionResult.Failed> refused = new LambdaInvokeExecutor(clients).handOff(job(Map.of(), null));

    assertThat(refused).hasValueSatisfying(f -> {
      assertThat(f.failureType()).isEqualTo("ConfigurationError");
      assertThat(f.message()).contains("FunctionName");
    });
  }

  @Test
  @DisplayName("the event is CodePipeline's: CodePipeline.job with id, accountId and data, without actionTypeId and"
      + " pipelineContext; the continuation token only when there is one")
  void eventHasCodePipelineShape() throws Exception {
    JsonNode first = JSON.readTree(LambdaInvokeExecutor.event(job(Map.of("FunctionName", "notify",
        "UserParameters", "hello"), null)));
    JsonNode job = first.get("CodePipeline.job");
    assertThat(first.size()).isEqualTo(1);
    assertThat(job.get("id").asText()).isEqualTo("11111111-abcd-1111-abcd-111111abcdef");
    assertThat(job.get("accountId").asText()).isEqualTo("123456789012");
    assertThat(job.get("data").properties()).extracting(Map.Entry::getKey).containsExactly("actionConfiguration",
        "inputArtifacts", "outputArtifacts", "artifactCredentials");
    assertThat(job.at("/data/actionConfiguration/configuration/UserParameters").asText()).isEqualTo("hello");
    assertThat(job.at("/data/inputArtifacts/0/location/s3Location/objectKey").asText()).isEqualTo("p/Src/abc.zip");

    JsonNode again = JSON.readTree(LambdaInvokeExecutor.event(job(Map.of("FunctionName", "notify"), "step-2")));
    assertThat(again.at("/CodePipeline.job/data/continuationToken").asText()).isEqualTo("step-2");
  }

  /** IAM's CreateRole in its query protocol (moto checks that a function's role exists; it checks no signature). */
  private static void createRole(String name) throws Exception {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    String form = "Action=CreateRole&Version=2010-05-08&RoleName=" + name + "&AssumeRolePolicyDocument="
        + URLEncoder.encode(policy, StandardCharsets.UTF_8);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static byte[] zip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("index.py"));
      zip.write("def handler(event, context):\n    return None\n".getBytes());
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}

package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.InvalidArnException;
import software.amazon.awssdk.services.codepipeline.model.InvalidTagsException;
import software.amazon.awssdk.services.codepipeline.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.Tag;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

/** TagResource, UntagResource and ListTagsForResource on pipeline ARNs, via the SDK v2 client. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagsSdkTest {

  static final String ARN = "arn:aws:codepipeline:us-east-1:123456789012:sdk-tags";

  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-tags")).tags(tag("owner", "ops")));
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  @DisplayName("TagResource adds and overwrites, UntagResource removes, ListTagsForResource pages through them")
  void tagLifecycle() {
    client.tagResource(r -> r.resourceArn(ARN).tags(tag("env", "dev"), tag("owner", "platform"), tag("tier", "1")));
    client.untagResource(r -> r.resourceArn(ARN).tagKeys("tier"));

    List<Tag> tags = client.listTagsForResourcePaginator(r -> r.resourceArn(ARN).maxResults(1)).tags().stream().toList();

    assertThat(tags).containsExactlyInAnyOrder(tag("env", "dev"), tag("owner", "platform"));
  }

  @Test
  @DisplayName("given the ARN of a pipeline that does not exist, then ResourceNotFoundException")
  void unknownPipeline() {
    assertThatThrownBy(() -> client.listTagsForResource(r -> r.resourceArn(
        "arn:aws:codepipeline:us-east-1:123456789012:nope"))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  @DisplayName("given a pipeline ARN of another account or region, then InvalidArnException")
  void foreignArn() {
    assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn("arn:aws:codepipeline:eu-west-1:210987654321:sdk-tags")
        .tags(tag("a", "b")))).isInstanceOf(InvalidArnException.class);
  }

  @Test
  @DisplayName("given something that is not an ARN at all, then ValidationException (the model's pattern)")
  void notAnArn() {
    assertThatThrownBy(() -> client.listTagsForResource(r -> r.resourceArn("sdk-tags")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern"));
  }

  @Test
  @DisplayName("given a tag key starting with aws:, then InvalidTagsException and nothing is tagged")
  void systemTagsAreReserved() {
    assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(ARN).tags(tag("aws:owner", "me"), tag("ok", "1"))))
        .isInstanceOf(InvalidTagsException.class);
    assertThat(client.listTagsForResource(r -> r.resourceArn(ARN)).tags()).noneMatch(t -> t.key().equals("ok"));
  }

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}

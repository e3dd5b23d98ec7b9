package dev.flowline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pipelines for validation tests: a minimal valid one (Source: S3 -> Build: CodeBuild -> Deploy: approval,
 * then S3 deploy) and a rich one using every member, each as a JSON tree a test edits before reading it.
 */
final class TestPipelines {
  static final ObjectMapper JSON = new ObjectMapper();
  static final PipelineValidator VALIDATOR = new PipelineValidator(new TestCatalog());

  static final String MINIMAL = """
      {
        "name": "app",
        "roleArn": "arn:aws:iam::123456789012:role/flowline",
        "artifactStore": {"type": "S3", "location": "artifact-bucket"},
        "stages": [
          {"name": "Source", "actions": [
            {"name": "Fetch", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
             "configuration": {"S3Bucket": "sources", "S3ObjectKey": "app.zip"},
             "outputArtifacts": [{"name": "SourceArtifact"}], "namespace": "SourceVariables"}]},
          {"name": "Build", "actions": [
            {"name": "Compile",
             "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
             "runOrder": 1, "configuration": {"ProjectName": "app"},
             "inputArtifacts": [{"name": "SourceArtifact"}], "outputArtifacts": [{"name": "BuildArtifact"}]}]},
          {"name": "Deploy", "actions": [
            {"name": "Approve",
             "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
             "runOrder": 1},
            {"name": "Upload", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1"},
             "runOrder": 2, "configuration": {"BucketName": "site", "Extract": "true"},
             "inputArtifacts": [{"name": "BuildArtifact"}]}]}
        ]
      }
      """;

  private TestPipelines() {}

  static ObjectNode minimal() {
    return parse(MINIMAL);
  }

  static String resource(String name) {
    try (InputStream in = TestPipelines.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode rich() {
    return parse(resource("rich-pipeline.json"));
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(JsonNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  static ArrayNode array(JsonNode root, String pointer) {
    return (ArrayNode) root.at(pointer);
  }

  static ObjectNode action(JsonNode root, int stage, int action) {
    return object(root, "/stages/" + stage + "/actions/" + action);
  }

  static PipelineDeclaration declaration(ObjectNode json) {
    return PipelineCodec.fromTree(json.deepCopy()).pipeline();
  }

  /** The violations of the minimal pipeline after {@code edit}. */
  static List<Violation> violationsOfMinimalWith(Consumer<ObjectNode> edit) {
    ObjectNode json = minimal();
    edit.accept(json);
    return VALIDATOR.validate(declaration(json));
  }

  static void assertOnly(List<Violation> violations, String path, String errorType, String message) {
    assertThat(violations).containsExactly(new Violation(path, errorType, message));
  }
}

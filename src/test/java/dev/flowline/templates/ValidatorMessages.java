package dev.flowline.templates;

import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineValidator;
import dev.flowline.pipeline.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts of the Java validator that the Modeler plugin's lint rules show, taken from the validator itself: each
 * is produced by validating a small declaration that breaks one rule, with placeholder names ({@code __stage__},
 * {@code __action__} ...) that the rule's message then carries as {@code {stage}}, {@code {action}} ... So the lint
 * rules speak AWS's words as Flowline's CreatePipeline does, and a changed wording shows up as a diff of
 * modeler-plugins/lib/catalog.json.
 */
final class ValidatorMessages {
  private final PipelineValidator validator;

  ValidatorMessages(ActionTypeCatalog catalog) {
    this.validator = new PipelineValidator(catalog);
  }

  Map<String, String> all() {
    Map<String, String> messages = new LinkedHashMap<>();
    String source = action("Src", "Source", "S3", "{\"S3Bucket\": \"b\", \"S3ObjectKey\": \"k\"}", "[]", "[\"Out\"]");
    String build = action("__action__", "Build", "CodeBuild", "{\"ProjectName\": \"p\"}", "[\"Out\"]", "[]");
    messages.put("minimumStages", replace(message(pipeline(stage("__stage__", source)), "minimum of 2 stages"),
        "only 1 stage", "only {count} stage"));
    messages.put("sourceOnlyInFirstStage", message(pipeline(stage("First", source),
        stage("__stage__", action("Src2", "Source", "S3", "{\"S3Bucket\": \"b\", \"S3ObjectKey\": \"k\"}",
            "[]", "[\"Out2\"]"))), "Source actions can only"));
    messages.put("firstStageOnlySource", message(pipeline(stage("First", build), stage("Second", build)),
        "should start with a stage"));
    messages.put("inputNotProduced", placeholders(message(pipeline(stage("First", source),
        stage("__stage__", action("__action__", "Build", "CodeBuild", "{\"ProjectName\": \"p\"}",
            "[\"__artifact__\"]", "[]"))), "is not the output artifact")));
    messages.put("inputNotBefore", placeholders(message(pipeline(stage("First", source),
        stage("__stage__", action("__action__", "Build", "CodeBuild", "{\"ProjectName\": \"p\"}",
            "[\"__artifact__\"]", "[]")),
        stage("__pstage__", action("__producer__", "Build", "CodeBuild", "{\"ProjectName\": \"p\"}",
            "[\"Out\"]", "[\"__artifact__\"]"))), "does not run before it")));
    messages.put("missingConfiguration", placeholders(replace(message(pipeline(stage("First", source),
        stage("__stage__", action("__action__", "Build", "CodeBuild", "{}", "[\"Out\"]", "[]"))),
        "missing required configuration"), "'ProjectName'", "'{key}'")));
    messages.put("tooFewArtifacts", placeholders(replace(replace(message(pipeline(stage("First", source),
        stage("__stage__", action("__action__", "Build", "CodeBuild", "{\"ProjectName\": \"p\"}", "[]", "[]"))),
        "less than the minimum count"), "declares 0 input", "declares {count} {kind}"), "(1)", "({limit})")));
    messages.put("tooManyArtifacts", placeholders(replace(replace(message(pipeline(stage("First", source),
        stage("__stage__", action("__action__", "Deploy", "S3", "{\"BucketName\": \"b\", \"Extract\": \"true\"}",
            "[\"Out\", \"Out\"]", "[]"))), "greater than the maximum count"), "declares 2 input",
        "declares {count} {kind}"), "(1)", "({limit})")));
    messages.put("duplicateStageName", placeholders(message(pipeline(stage("First", source),
        stage("__stage__", build), stage("__stage__", build.replace("__action__", "Other"))), "is used more than once")));
    messages.put("duplicateActionName", placeholders(message(pipeline(stage("First", source),
        stage("__stage__", build + "," + build)), "more than once in stage")));
    return messages;
  }

  private String message(String json, String containing) {
    List<Violation> violations = validator.validate(PipelineCodec.read(json).pipeline());
    return violations.stream().map(Violation::message).filter(m -> m.contains(containing)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the validator no longer says '" + containing + "' for " + json
            + "; it says " + violations + ". Update ValidatorMessages and the lint rules of modeler-plugins/."));
  }

  private static String replace(String message, String literal, String placeholder) {
    if (!message.contains(literal)) {
      throw new IllegalStateException("'" + literal + "' is not in the validator's message: " + message);
    }
    return message.replace(literal, placeholder);
  }

  private static String placeholders(String message) {
    return message.replace("__pstage__", "{producerStage}").replace("__producer__", "{producer}")
        .replace("__stage__", "{stage}").replace("__action__", "{action}")
        .replace("__artifact__", "{artifact}");
  }

  private static String pipeline(String... stages) {
    return "{\"pipeline\": {\"name\": \"p\", \"roleArn\": \"arn:aws:iam::123456789012:role/r\", "
        + "\"pipelineType\": \"V2\", \"artifactStore\": {\"type\": \"S3\", \"location\": \"a\"}, "
        + "\"stages\": [" + String.join(",", stages) + "]}}";
  }

  private static String stage(String name, String actions) {
    return "{\"name\": \"" + name + "\", \"actions\": [" + actions + "]}";
  }

  private static String action(String name, String category, String provider, String configuration,
      String inputs, String outputs) {
    return "{\"name\": \"" + name + "\", \"actionTypeId\": {\"category\": \"" + category
        + "\", \"owner\": \"AWS\", \"provider\": \"" + provider + "\", \"version\": \"1\"}, "
        + "\"configuration\": " + configuration + ", \"inputArtifacts\": " + names(inputs)
        + ", \"outputArtifacts\": " + names(outputs) + "}";
  }

  /** ["A", "B"] to [{"name": "A"}, {"name": "B"}]. */
  private static String names(String list) {
    return list.replaceAll("\"([^\"]+)\"", "{\"name\": \"$1\"}");
  }
}

package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.array;
import static dev.flowline.pipeline.TestPipelines.object;
import static dev.flowline.pipeline.TestPipelines.violationsOfMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape constraint of the service model under PipelineDeclaration: given the minimal valid pipeline
 * with one member broken, validation reports exactly that constraint, as AWS words it, at that path.
 */
class ShapeConstraintsTest {

  private static final String LE = "Member must have length less than or equal to ";
  private static final String GE = "Member must have length greater than or equal to ";
  private static final String ROLE_PATTERN =
      "Member must satisfy regular expression pattern: arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*";
  private static final String NAME_PATTERN = "Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void givenOneBrokenMember_whenValidated_thenExactlyThatShapeConstraintIsReported(
      String rule, Consumer<ObjectNode> edit, String path, String message) {
    List<Violation> shape = violationsOfMinimalWith(edit).stream().filter(Violation::isShapeConstraint).toList();

    assertThat(shape).containsExactly(new Violation(path, "ValidationException", message));
  }

  private static Arguments shape(String rule, Consumer<ObjectNode> edit, String path, String coralPath,
      String constraint) {
    return Arguments.of(rule, edit, path,
        "Value at '" + coralPath + "' failed to satisfy constraint: " + constraint);
  }

  private static Arguments missing(String rule, Consumer<ObjectNode> edit, String path, String coralPath) {
    return Arguments.of(rule, edit, path,
        "Value null at '" + coralPath + "' failed to satisfy constraint: Member must not be null");
  }

  private static ArrayNode strings(ObjectNode parent, String field, int count, String value) {
    ArrayNode list = parent.putArray(field);
    IntStream.range(0, count).forEach(i -> list.add(value + i));
    return list;
  }

  private static ObjectNode trigger(ObjectNode json) {
    ObjectNode git = json.putArray("triggers").addObject().put("providerType", "CodeStarSourceConnection")
        .putObject("gitConfiguration").put("sourceActionName", "Fetch");
    git.putArray("push").addObject().putObject("branches").putArray("includes").add("main");
    return git;
  }

  private static ObjectNode rule(ObjectNode json) {
    return object(json, "/stages/2").putObject("beforeEntry").putArray("conditions").addObject()
        .put("result", "FAIL").putArray("rules").addObject().put("name", "Check")
        .set("ruleTypeId", TestPipelines.parse("{\"category\": \"Rule\", \"provider\": \"VariableCheck\"}"));
  }

  private static ObjectNode commands(ObjectNode json) {
    ObjectNode test = action(json, 1, 0);
    test.set("actionTypeId", TestPipelines.parse(
        "{\"category\": \"Compute\", \"owner\": \"AWS\", \"provider\": \"Commands\", \"version\": \"1\"}"));
    test.remove("configuration");
    test.putArray("commands").add("make");
    return test;
  }

  static Stream<Arguments> cases() {
    String a10 = "pipeline.stages.1.actions.0";
    String c10 = "pipeline.stages.2.member.actions.1.member";
    return Stream.of(
        missing("P1 pipeline name is required", j -> j.remove("name"), "pipeline.name", "pipeline.name"),
        shape("P1 pipeline name at most 100 characters", j -> j.put("name", "p".repeat(101)),
            "pipeline.name", "pipeline.name", LE + "100"),
        shape("P1 pipeline name matches [A-Za-z0-9.@-_]+", j -> j.put("name", "my app"),
            "pipeline.name", "pipeline.name", NAME_PATTERN),
        missing("roleArn is required", j -> j.remove("roleArn"), "pipeline.roleArn", "pipeline.roleArn"),
        shape("roleArn is an IAM role ARN", j -> j.put("roleArn", "role/flowline"), "pipeline.roleArn",
            "pipeline.roleArn", ROLE_PATTERN),
        shape("roleArn at most 1024 characters",
            j -> j.put("roleArn", "arn:aws:iam::123456789012:role/" + "r".repeat(1000)),
            "pipeline.roleArn", "pipeline.roleArn", LE + "1024"),
        shape("artifactStore type is S3", j -> object(j, "/artifactStore").put("type", "GCS"),
            "pipeline.artifactStore.type", "pipeline.artifactStore.type", "Member must satisfy enum value set: [S3]"),
        missing("artifactStore location is required", j -> object(j, "/artifactStore").remove("location"),
            "pipeline.artifactStore.location", "pipeline.artifactStore.location"),
        shape("artifactStore location at least 3 characters", j -> object(j, "/artifactStore").put("location", "ab"),
            "pipeline.artifactStore.location", "pipeline.artifactStore.location", GE + "3"),
        shape("artifactStore location is a bucket name",
            j -> object(j, "/artifactStore").put("location", "bad_bucket"), "pipeline.artifactStore.location",
            "pipeline.artifactStore.location", "Member must satisfy regular expression pattern: [a-zA-Z0-9\\-\\.]+"),
        shape("A13 encryptionKey type is KMS",
            j -> object(j, "/artifactStore").putObject("encryptionKey").put("id", "k").put("type", "AES"),
            "pipeline.artifactStore.encryptionKey.type", "pipeline.artifactStore.encryptionKey.type",
            "Member must satisfy enum value set: [KMS]"),
        missing("encryptionKey id is required",
            j -> object(j, "/artifactStore").putObject("encryptionKey").put("type", "KMS"),
            "pipeline.artifactStore.encryptionKey.id", "pipeline.artifactStore.encryptionKey.id"),
        shape("artifactStores region key is 4-30 characters", j -> {
          j.putObject("artifactStores").set("us-east-1", j.remove("artifactStore"));
          object(j, "/artifactStores").putObject("us").put("type", "S3").put("location", "other-bucket");
        }, "pipeline.artifactStores.us", "pipeline.artifactStores",
            "Map keys must satisfy constraint: [" + LE + "30, " + GE + "4]"),
        shape("artifactStores entry is checked like artifactStore", j -> {
          j.putObject("artifactStores").set("us-east-1", j.remove("artifactStore"));
          object(j, "/artifactStores/us-east-1").put("location", "x");
        }, "pipeline.artifactStores.us-east-1.location", "pipeline.artifactStores.us-east-1.location", GE + "3"),
        missing("stages are required", j -> j.remove("stages"), "pipeline.stages", "pipeline.stages"),
        missing("a stage is not null", j -> array(j, "/stages").addNull(), "pipeline.stages.3",
            "pipeline.stages.4.member"),
        shape("version is at least 1", j -> j.put("version", 0), "pipeline.version", "pipeline.version",
            "Member must have value greater than or equal to 1"),
        shape("executionMode is QUEUED, SUPERSEDED or PARALLEL", j -> j.put("executionMode", "FIFO"),
            "pipeline.executionMode", "pipeline.executionMode",
            "Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]"),
        shape("pipelineType is V1 or V2", j -> j.put("pipelineType", "V3"), "pipeline.pipelineType",
            "pipeline.pipelineType", "Member must satisfy enum value set: [V1, V2]"),
        shape("P22 at most 50 variables",
            j -> IntStream.range(0, 51).forEach(i -> j.withArray("variables").addObject().put("name", "v" + i)),
            "pipeline.variables", "pipeline.variables", LE + "50"),
        shape("variable name matches [A-Za-z0-9@-_]+", j -> j.putArray("variables").addObject().put("name", "my var"),
            "pipeline.variables.0.name", "pipeline.variables.1.member.name",
            "Member must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+"),
        shape("variable defaultValue is not empty",
            j -> j.putArray("variables").addObject().put("name", "v").put("defaultValue", ""),
            "pipeline.variables.0.defaultValue", "pipeline.variables.1.member.defaultValue", GE + "1"),
        shape("variable description at most 200 characters",
            j -> j.putArray("variables").addObject().put("name", "v").put("description", "d".repeat(201)),
            "pipeline.variables.0.description", "pipeline.variables.1.member.description", LE + "200"),
        shape("P22 at most 50 triggers", j -> {
          trigger(j);
          IntStream.range(0, 50).forEach(i -> array(j, "/triggers").add(j.at("/triggers/0").deepCopy()));
        }, "pipeline.triggers", "pipeline.triggers", LE + "50"),
        shape("trigger providerType is CodeStarSourceConnection",
            j -> { trigger(j); object(j, "/triggers/0").put("providerType", "GitHub"); },
            "pipeline.triggers.0.providerType", "pipeline.triggers.1.member.providerType",
            "Member must satisfy enum value set: [CodeStarSourceConnection]"),
        missing("trigger gitConfiguration is required",
            j -> { trigger(j); object(j, "/triggers/0").remove("gitConfiguration"); },
            "pipeline.triggers.0.gitConfiguration", "pipeline.triggers.1.member.gitConfiguration"),
        missing("trigger sourceActionName is required", j -> trigger(j).remove("sourceActionName"),
            "pipeline.triggers.0.gitConfiguration.sourceActionName",
            "pipeline.triggers.1.member.gitConfiguration.sourceActionName"),
        shape("P22 push has at most 3 filters", j -> {
          ArrayNode push = trigger(j).withArray("push");
          IntStream.range(0, 3).forEach(i -> push.add(push.get(0).deepCopy()));
        }, "pipeline.triggers.0.gitConfiguration.push", "pipeline.triggers.1.member.gitConfiguration.push", LE + "3"),
        shape("P22 push has at least 1 filter", j -> trigger(j).putArray("push"),
            "pipeline.triggers.0.gitConfiguration.push", "pipeline.triggers.1.member.gitConfiguration.push", GE + "1"),
        shape("P22 includes has at most 8 patterns",
            j -> strings(object(trigger(j), "/push/0/branches"), "includes", 9, "b"),
            "pipeline.triggers.0.gitConfiguration.push.0.branches.includes",
            "pipeline.triggers.1.member.gitConfiguration.push.1.member.branches.includes", LE + "8"),
        shape("P22 excludes has at least 1 pattern", j -> object(trigger(j), "/push/0/branches").putArray("excludes"),
            "pipeline.triggers.0.gitConfiguration.push.0.branches.excludes",
            "pipeline.triggers.1.member.gitConfiguration.push.1.member.branches.excludes", GE + "1"),
        shape("P22 a tag pattern is at most 255 characters",
            j -> object(trigger(j), "/push/0").putObject("tags").putArray("includes").add("t".repeat(256)),
            "pipeline.triggers.0.gitConfiguration.push.0.tags.includes.0",
            "pipeline.triggers.1.member.gitConfiguration.push.1.member.tags.includes.1.member", LE + "255"),
        shape("P22 pullRequest has at most 3 filters", j -> {
          ObjectNode git = trigger(j);
          git.remove("push");
          ArrayNode pr = git.putArray("pullRequest");
          IntStream.range(0, 4).forEach(i -> pr.addObject().putObject("branches").putArray("includes").add("main"));
        }, "pipeline.triggers.0.gitConfiguration.pullRequest",
            "pipeline.triggers.1.member.gitConfiguration.pullRequest", LE + "3"),
        shape("pull request events are OPEN, UPDATED or CLOSED", j -> {
          ObjectNode git = trigger(j);
          git.remove("push");
          ObjectNode filter = git.putArray("pullRequest").addObject();
          filter.putObject("branches").putArray("includes").add("main");
          filter.putArray("events").add("MERGED");
        }, "pipeline.triggers.0.gitConfiguration.pullRequest.0.events.0",
            "pipeline.triggers.1.member.gitConfiguration.pullRequest.1.member.events.1.member",
            "Member must satisfy enum value set: [OPEN, UPDATED, CLOSED]"),
        shape("S1 stage name matches [A-Za-z0-9.@-_]+", j -> object(j, "/stages/1").put("name", "Build stage"),
            "pipeline.stages.1.name", "pipeline.stages.2.member.name", NAME_PATTERN),
        missing("stage name is required", j -> object(j, "/stages/1").remove("name"),
            "pipeline.stages.1.name", "pipeline.stages.2.member.name"),
        missing("stage actions are required", j -> object(j, "/stages/2").remove("actions"),
            "pipeline.stages.2.actions", "pipeline.stages.3.member.actions"),
        shape("blocker type is Schedule",
            j -> object(j, "/stages/1").putArray("blockers").addObject().put("name", "b").put("type", "Manual"),
            "pipeline.stages.1.blockers.0.type", "pipeline.stages.2.member.blockers.1.member.type",
            "Member must satisfy enum value set: [Schedule]"),
        shape("onFailure result is ROLLBACK, FAIL, RETRY or SKIP",
            j -> object(j, "/stages/1").putObject("onFailure").put("result", "IGNORE"),
            "pipeline.stages.1.onFailure.result", "pipeline.stages.2.member.onFailure.result",
            "Member must satisfy enum value set: [ROLLBACK, FAIL, RETRY, SKIP]"),
        shape("retryMode is FAILED_ACTIONS or ALL_ACTIONS", j -> object(j, "/stages/1").putObject("onFailure")
            .put("result", "RETRY").putObject("retryConfiguration").put("retryMode", "SOME"),
            "pipeline.stages.1.onFailure.retryConfiguration.retryMode",
            "pipeline.stages.2.member.onFailure.retryConfiguration.retryMode",
            "Member must satisfy enum value set: [FAILED_ACTIONS, ALL_ACTIONS]"),
        missing("onSuccess conditions are required", j -> object(j, "/stages/1").putObject("onSuccess"),
            "pipeline.stages.1.onSuccess.conditions", "pipeline.stages.2.member.onSuccess.conditions"),
        shape("S6 exactly one condition", j -> {
          rule(j);
          array(j, "/stages/2/beforeEntry/conditions").add(j.at("/stages/2/beforeEntry/conditions/0").deepCopy());
        }, "pipeline.stages.2.beforeEntry.conditions", "pipeline.stages.3.member.beforeEntry.conditions", LE + "1"),
        shape("S6 at least one condition", j -> object(j, "/stages/2").putObject("beforeEntry").putArray("conditions"),
            "pipeline.stages.2.beforeEntry.conditions", "pipeline.stages.3.member.beforeEntry.conditions", GE + "1"),
        shape("S6 at most 5 rules", j -> {
          rule(j);
          ArrayNode rules = array(j, "/stages/2/beforeEntry/conditions/0/rules");
          IntStream.range(0, 5).forEach(i -> rules.add(rules.get(0).deepCopy()));
        }, "pipeline.stages.2.beforeEntry.conditions.0.rules",
            "pipeline.stages.3.member.beforeEntry.conditions.1.member.rules", LE + "5"),
        shape("rule category is Rule", j -> object(rule(j), "/ruleTypeId").put("category", "Action"),
            "pipeline.stages.2.beforeEntry.conditions.0.rules.0.ruleTypeId.category",
            "pipeline.stages.3.member.beforeEntry.conditions.1.member.rules.1.member.ruleTypeId.category",
            "Member must satisfy enum value set: [Rule]"),
        shape("rule owner is AWS", j -> object(rule(j), "/ruleTypeId").put("owner", "Custom"),
            "pipeline.stages.2.beforeEntry.conditions.0.rules.0.ruleTypeId.owner",
            "pipeline.stages.3.member.beforeEntry.conditions.1.member.rules.1.member.ruleTypeId.owner",
            "Member must satisfy enum value set: [AWS]"),
        shape("rule configuration value at most 10000 characters",
            j -> rule(j).putObject("configuration").put("Variable", "v".repeat(10001)),
            "pipeline.stages.2.beforeEntry.conditions.0.rules.0.configuration.Variable",
            "pipeline.stages.3.member.beforeEntry.conditions.1.member.rules.1.member.configuration",
            "Map value must satisfy constraint: [" + LE + "10000, " + GE + "1]"),
        shape("rule timeoutInMinutes at least 5", j -> rule(j).put("timeoutInMinutes", 4),
            "pipeline.stages.2.beforeEntry.conditions.0.rules.0.timeoutInMinutes",
            "pipeline.stages.3.member.beforeEntry.conditions.1.member.rules.1.member.timeoutInMinutes",
            "Member must have value greater than or equal to 5"),
        missing("A1 action name is required", j -> action(j, 1, 0).remove("name"), a10 + ".name", c10 + ".name"),
        shape("A1 action name at most 100 characters", j -> action(j, 1, 0).put("name", "a".repeat(101)),
            a10 + ".name", c10 + ".name", LE + "100"),
        missing("actionTypeId is required", j -> action(j, 1, 0).remove("actionTypeId"),
            a10 + ".actionTypeId", c10 + ".actionTypeId"),
        shape("category is one of the seven categories", j -> object(action(j, 1, 0), "/actionTypeId")
            .put("category", "Sauce"), a10 + ".actionTypeId.category", c10 + ".actionTypeId.category",
            "Member must satisfy enum value set: [Source, Build, Deploy, Test, Invoke, Approval, Compute]"),
        shape("owner is AWS, ThirdParty or Custom",
            j -> object(action(j, 1, 0), "/actionTypeId").put("owner", "Amazon"),
            a10 + ".actionTypeId.owner", c10 + ".actionTypeId.owner",
            "Member must satisfy enum value set: [AWS, ThirdParty, Custom]"),
        shape("provider at most 35 characters",
            j -> object(action(j, 1, 0), "/actionTypeId").put("provider", "p".repeat(36)),
            a10 + ".actionTypeId.provider", c10 + ".actionTypeId.provider", LE + "35"),
        shape("version matches [0-9A-Za-z_-]+", j -> object(action(j, 1, 0), "/actionTypeId").put("version", "1.0"),
            a10 + ".actionTypeId.version", c10 + ".actionTypeId.version",
            "Member must satisfy regular expression pattern: [0-9A-Za-z_-]+"),
        shape("A6 runOrder at least 1", j -> action(j, 1, 0).put("runOrder", 0), a10 + ".runOrder",
            c10 + ".runOrder", "Member must have value greater than or equal to 1"),
        shape("A6 runOrder at most 999", j -> action(j, 1, 0).put("runOrder", 1000), a10 + ".runOrder",
            c10 + ".runOrder", "Member must have value less than or equal to 999"),
        shape("configuration key at most 50 characters",
            j -> object(action(j, 1, 0), "/configuration").put("K".repeat(51), "v"),
            a10 + ".configuration." + "K".repeat(51), c10 + ".configuration",
            "Map keys must satisfy constraint: [" + LE + "50, " + GE + "1]"),
        shape("A12 configuration value at most 1000 characters",
            j -> object(action(j, 1, 0), "/configuration").put("ProjectName", "p".repeat(1001)),
            a10 + ".configuration.ProjectName", c10 + ".configuration",
            "Map value must satisfy constraint: [" + LE + "1000, " + GE + "1]"),
        shape("configuration value is not empty", j -> object(action(j, 1, 0), "/configuration").put("ProjectName", ""),
            a10 + ".configuration.ProjectName", c10 + ".configuration",
            "Map value must satisfy constraint: [" + LE + "1000, " + GE + "1]"),
        shape("configuration value is not null",
            j -> object(action(j, 1, 0), "/configuration").putNull("PrimarySource"),
            a10 + ".configuration.PrimarySource", c10 + ".configuration",
            "Map value must satisfy constraint: [Member must not be null]"),
        shape("at most 50 commands", j -> strings(commands(j), "commands", 51, "echo "),
            a10 + ".commands", c10 + ".commands", LE + "50"),
        shape("a command at most 1000 characters", j -> commands(j).putArray("commands").add("c".repeat(1001)),
            a10 + ".commands.0", c10 + ".commands.1.member", LE + "1000"),
        shape("A7 artifact name matches [a-zA-Z0-9_-]+",
            j -> object(action(j, 1, 0), "/outputArtifacts/0").put("name", "build.zip"),
            a10 + ".outputArtifacts.0.name", c10 + ".outputArtifacts.1.member.name",
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_\\-]+"),
        missing("output artifact name is required", j -> object(action(j, 1, 0), "/outputArtifacts/0").remove("name"),
            a10 + ".outputArtifacts.0.name", c10 + ".outputArtifacts.1.member.name"),
        shape("at most 10 output files", j -> strings(object(commands(j), "/outputArtifacts/0"), "files", 11, "f"),
            a10 + ".outputArtifacts.0.files", c10 + ".outputArtifacts.1.member.files", LE + "10"),
        shape("an output file path at most 128 characters",
            j -> object(commands(j), "/outputArtifacts/0").putArray("files").add("f".repeat(129)),
            a10 + ".outputArtifacts.0.files.0", c10 + ".outputArtifacts.1.member.files.1.member", LE + "128"),
        shape("input artifact name at most 100 characters", j -> {
          object(action(j, 0, 0), "/outputArtifacts/0").put("name", "S".repeat(100));
          object(action(j, 1, 0), "/inputArtifacts/0").put("name", "S".repeat(101));
        }, a10 + ".inputArtifacts.0.name", c10 + ".inputArtifacts.1.member.name", LE + "100"),
        shape("at most 15 outputVariables", j -> strings(commands(j), "outputVariables", 16, "V"),
            a10 + ".outputVariables", c10 + ".outputVariables", LE + "15"),
        shape("an output variable at most 128 characters",
            j -> commands(j).putArray("outputVariables").add("V".repeat(129)),
            a10 + ".outputVariables.0", c10 + ".outputVariables.1.member", LE + "128"),
        shape("action roleArn is an IAM role ARN", j -> action(j, 1, 0).put("roleArn", "build-role"),
            a10 + ".roleArn", c10 + ".roleArn",
            ROLE_PATTERN),
        shape("region at least 4 characters", j -> action(j, 1, 0).put("region", "us"),
            a10 + ".region", c10 + ".region", GE + "4"),
        shape("namespace matches [A-Za-z0-9@-_]+", j -> action(j, 1, 0).put("namespace", "Build.Vars"),
            a10 + ".namespace", c10 + ".namespace",
            "Member must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+"),
        shape("timeoutInMinutes at least 5", j -> action(j, 2, 0).put("timeoutInMinutes", 4),
            "pipeline.stages.2.actions.0.timeoutInMinutes",
            "pipeline.stages.3.member.actions.1.member.timeoutInMinutes",
            "Member must have value greater than or equal to 5"),
        shape("timeoutInMinutes at most 86400", j -> action(j, 2, 0).put("timeoutInMinutes", 86401),
            "pipeline.stages.2.actions.0.timeoutInMinutes",
            "pipeline.stages.3.member.actions.1.member.timeoutInMinutes",
            "Member must have value less than or equal to 86400"),
        shape("at most 10 environmentVariables", j -> {
          ArrayNode variables = commands(j).putArray("environmentVariables");
          IntStream.range(0, 11).forEach(i -> variables.addObject().put("name", "V" + i).put("value", "x"));
        }, a10 + ".environmentVariables", c10 + ".environmentVariables", LE + "10"),
        shape("environment variable name matches [A-Za-z0-9_]+",
            j -> commands(j).putArray("environmentVariables").addObject().put("name", "MY-VAR").put("value", "x"),
            a10 + ".environmentVariables.0.name", c10 + ".environmentVariables.1.member.name",
            "Member must satisfy regular expression pattern: [A-Za-z0-9_]+"),
        missing("environment variable value is required",
            j -> commands(j).putArray("environmentVariables").addObject().put("name", "V"),
            a10 + ".environmentVariables.0.value", c10 + ".environmentVariables.1.member.value"),
        shape("environment variable type is PLAINTEXT or SECRETS_MANAGER", j -> commands(j)
            .putArray("environmentVariables").addObject().put("name", "V").put("value", "x")
            .put("type", "PARAMETER_STORE"), a10 + ".environmentVariables.0.type",
            c10 + ".environmentVariables.1.member.type",
            "Member must satisfy enum value set: [PLAINTEXT, SECRETS_MANAGER]"));
  }
}

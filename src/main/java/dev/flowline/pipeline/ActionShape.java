package dev.flowline.pipeline;

import static dev.flowline.pipeline.ShapeConstraints.ANY;
import static dev.flowline.pipeline.ShapeConstraints.ARTIFACT_NAME;
import static dev.flowline.pipeline.ShapeConstraints.ENVIRONMENT_VARIABLE;
import static dev.flowline.pipeline.ShapeConstraints.NAME;
import static dev.flowline.pipeline.ShapeConstraints.NAMESPACE;
import static dev.flowline.pipeline.ShapeConstraints.PROVIDER;
import static dev.flowline.pipeline.ShapeConstraints.ROLE_ARN;

import java.util.List;

/** Shape constraints of {@code ActionDeclaration} and {@code RuleDeclaration}. */
final class ActionShape {
  private final ShapeChecks check;

  ActionShape(ShapeChecks check) {
    this.check = check;
  }

  void action(ActionDeclaration action, DeclarationPath path) {
    check.requiredString(action.name(), path.member("name"), 1, 100, NAME);
    DeclarationPath type = path.member("actionTypeId");
    ActionTypeId id = action.actionTypeId();
    if (check.required(id, type)) {
      check.requiredEnum(id.category(), type.member("category"), ShapeConstraints.CATEGORIES);
      check.requiredEnum(id.owner(), type.member("owner"), ShapeConstraints.OWNERS);
      check.requiredString(id.provider(), type.member("provider"), 1, 35, PROVIDER);
      check.requiredString(id.version(), type.member("version"), 1, 9, PROVIDER);
    }
    check.range(action.runOrder(), path.member("runOrder"), 1, 999);
    check.stringMap(action.configuration(), path.member("configuration"), null, 1, 50, 1, 1000);
    check.stringList(action.commands(), path.member("commands"), 1, 50, 1, 1000, null);
    DeclarationPath outputs = path.member("outputArtifacts");
    if (check.list(action.outputArtifacts(), outputs, null, null)) {
      for (int i = 0; i < action.outputArtifacts().size(); i++) {
        OutputArtifact output = action.outputArtifacts().get(i);
        if (output != null) {
          check.requiredString(output.name(), outputs.index(i).member("name"), 1, 100, ARTIFACT_NAME);
          check.stringList(output.files(), outputs.index(i).member("files"), 1, 10, 1, 128, null);
        }
      }
    }
    inputArtifacts(action.inputArtifacts(), path.member("inputArtifacts"));
    check.stringList(action.outputVariables(), path.member("outputVariables"), 1, 15, 1, 128, null);
    check.string(action.roleArn(), path.member("roleArn"), null, 1024, ROLE_ARN);
    check.string(action.region(), path.member("region"), 4, 30, null);
    check.string(action.namespace(), path.member("namespace"), 1, 100, NAMESPACE);
    check.range(action.timeoutInMinutes(), path.member("timeoutInMinutes"), 5, 86400);
    DeclarationPath variables = path.member("environmentVariables");
    if (check.list(action.environmentVariables(), variables, 1, 10)) {
      for (int i = 0; i < action.environmentVariables().size(); i++) {
        EnvironmentVariable variable = action.environmentVariables().get(i);
        if (variable != null) {
          DeclarationPath at = variables.index(i);
          check.requiredString(variable.name(), at.member("name"), 1, 128, ENVIRONMENT_VARIABLE);
          check.requiredString(variable.value(), at.member("value"), 1, 2000, ANY);
          check.enumValue(variable.type(), at.member("type"), List.of("PLAINTEXT", "SECRETS_MANAGER"));
        }
      }
    }
  }

  void rule(RuleDeclaration rule, DeclarationPath path) {
    check.requiredString(rule.name(), path.member("name"), 1, 100, NAME);
    DeclarationPath type = path.member("ruleTypeId");
    RuleTypeId id = rule.ruleTypeId();
    if (check.required(id, type)) {
      check.requiredEnum(id.category(), type.member("category"), List.of("Rule"));
      check.enumValue(id.owner(), type.member("owner"), List.of("AWS"));
      check.requiredString(id.provider(), type.member("provider"), 1, 35, PROVIDER);
      check.string(id.version(), type.member("version"), 1, 9, PROVIDER);
    }
    check.stringMap(rule.configuration(), path.member("configuration"), 200, 1, 50, 1, 10000);
    check.stringList(rule.commands(), path.member("commands"), 1, 50, 1, 1000, null);
    inputArtifacts(rule.inputArtifacts(), path.member("inputArtifacts"));
    check.string(rule.roleArn(), path.member("roleArn"), null, 1024, ROLE_ARN);
    check.string(rule.region(), path.member("region"), 4, 30, null);
    check.range(rule.timeoutInMinutes(), path.member("timeoutInMinutes"), 5, 86400);
  }

  private void inputArtifacts(List<InputArtifact> inputs, DeclarationPath path) {
    if (check.list(inputs, path, null, null)) {
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i) != null) {
          check.requiredString(inputs.get(i).name(), path.index(i).member("name"), 1, 100, ARTIFACT_NAME);
        }
      }
    }
  }
}

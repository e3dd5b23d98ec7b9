package dev.flowline.actions.deploy;

import static dev.flowline.actions.ActionConfig.optional;
import static dev.flowline.actions.ActionConfig.required;

import dev.flowline.actions.ActionJob;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The configuration of a CloudFormation action, checked: {@code ActionMode} and {@code StackName} always, and
 * the keys each mode requires ({@code TemplatePath} to create or update, {@code ChangeSetName} for change sets,
 * {@code RoleArn} wherever AWS requires it). A problem is an {@link IllegalArgumentException} naming the key.
 */
record CloudFormationConfig(
    Mode mode,
    String stackName,
    String changeSetName,
    String templatePath,
    String templateConfiguration,
    String parameterOverrides,
    List<String> capabilities,
    String roleArn,
    String outputFileName) {

  /** CodePipeline's ActionMode values. */
  enum Mode {
    CREATE_UPDATE, DELETE_ONLY, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE, CHANGE_SET_EXECUTE;

    boolean needsTemplate() {
      return this == CREATE_UPDATE || this == REPLACE_ON_FAILURE || this == CHANGE_SET_REPLACE;
    }

    boolean needsChangeSet() {
      return this == CHANGE_SET_REPLACE || this == CHANGE_SET_EXECUTE;
    }

    /** AWS publishes the stack's outputs as variables in every mode but DELETE_ONLY. */
    boolean exportsOutputs() {
      return this != DELETE_ONLY;
    }
  }

  static CloudFormationConfig of(ActionJob job) {
    String modeName = required(job, "ActionMode");
    Mode mode;
    try {
      mode = Mode.valueOf(modeName.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ActionMode '" + modeName + "' is not one of "
          + Arrays.toString(Mode.values()));
    }
    String stackName = required(job, "StackName");
    String changeSetName = mode.needsChangeSet() ? required(job, "ChangeSetName") : optional(job, "ChangeSetName");
    String templatePath = mode.needsTemplate() ? required(job, "TemplatePath") : optional(job, "TemplatePath");
    String roleArn = mode == Mode.CHANGE_SET_EXECUTE ? null : required(job, "RoleArn");
    String capabilities = optional(job, "Capabilities");
    List<String> capabilityList = capabilities == null ? List.of()
        : Arrays.stream(capabilities.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
    for (String capability : capabilityList) {
      if (!List.of("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND").contains(capability)) {
        throw new IllegalArgumentException("Capabilities: '" + capability + "' is not one of CAPABILITY_IAM, "
            + "CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND");
      }
    }
    String outputFileName = optional(job, "OutputFileName");
    if (outputFileName != null && job.outputArtifacts().isEmpty()) {
      throw new IllegalArgumentException("OutputFileName needs an output artifact to write " + outputFileName + " into");
    }
    return new CloudFormationConfig(mode, stackName, changeSetName, templatePath,
        optional(job, "TemplateConfiguration"), optional(job, "ParameterOverrides"), capabilityList, roleArn,
        outputFileName);
  }
}

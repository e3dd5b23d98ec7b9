package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClientBuilder;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * CodePipeline's ECS blue/green action, {@code Deploy/AWS/CodeDeployToECS/1} (1-5 inputs, no output, 5 days):
 * <ol>
 *   <li>reads {@code TaskDefinitionTemplatePath} (default {@code taskdef.json}) of
 *       {@code TaskDefinitionTemplateArtifact} and replaces each {@code <ImageNContainerName>} placeholder
 *       (N = 1..4; default name {@code IMAGEN_NAME}) with the {@code ImageURI} of {@code imageDetail.json} in
 *       {@code ImageNArtifactName};</li>
 *   <li>registers that task definition (ECS), tagged with the action execution id ({@link TaskDefinitions});</li>
 *   <li>reads {@code AppSpecTemplatePath} (default {@code appspec.yaml}) of {@code AppSpecTemplateArtifact},
 *       replaces {@code <TASK_DEFINITION>} with the new revision's ARN, and creates a CodeDeploy deployment of
 *       {@code DeploymentGroupName} with that AppSpec as an {@code AppSpecContent} revision;</li>
 *   <li>waits for the deployment as the CodeDeploy action does ({@link CodeDeployments}).</li>
 * </ol>
 * A repeated first call finds the deployment it created (by description) or the revision it registered (by tag),
 * so neither is made twice.
 */
public final class CodeDeployToEcsExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Deploy", "AWS", "CodeDeployToECS", "1"), 1, 5, 0, 0, properties(), false, Duration.ofDays(5));

  static final String TASK_DEFINITION_PLACEHOLDER = "<TASK_DEFINITION>";
  static final int IMAGES = 4;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private final AwsClients clients;
  private final Duration recheckAfter;
  private final Supplier<CodeDeployClientBuilder> codeDeployBuilder;

  public CodeDeployToEcsExecutor(AwsClients clients, Duration recheckAfter) {
    this(clients, recheckAfter, CodeDeployClient::builder);
  }

  /** @param codeDeployBuilder how the CodeDeploy client is built before {@link AwsClients} configures it */
  public CodeDeployToEcsExecutor(AwsClients clients, Duration recheckAfter,
      Supplier<CodeDeployClientBuilder> codeDeployBuilder) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
    this.codeDeployBuilder = codeDeployBuilder;
  }

  private static List<ConfigurationProperty> properties() {
    List<ConfigurationProperty> properties = new ArrayList<>(List.of(
        ConfigurationProperty.required("ApplicationName", "The CodeDeploy application (compute platform ECS)"),
        ConfigurationProperty.required("DeploymentGroupName", "The blue/green deployment group"),
        ConfigurationProperty.required("TaskDefinitionTemplateArtifact", "The input artifact with the task definition"),
        ConfigurationProperty.required("AppSpecTemplateArtifact", "The input artifact with the AppSpec file"),
        ConfigurationProperty.optional("TaskDefinitionTemplatePath", "The task definition file (default taskdef.json)"),
        ConfigurationProperty.optional("AppSpecTemplatePath", "The AppSpec file (default appspec.yaml)")));
    for (int n = 1; n <= IMAGES; n++) {
      properties.add(ConfigurationProperty.optional("Image" + n + "ArtifactName",
          "The input artifact whose imageDetail.json holds image " + n));
      properties.add(ConfigurationProperty.optional("Image" + n + "ContainerName",
          "The placeholder of image " + n + " in the task definition, without <> (default IMAGE" + n + "_NAME)"));
    }
    return List.copyOf(properties);
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    return CodeDeployments.run(job, context, clients, codeDeployBuilder, recheckAfter, TYPE.defaultTimeout(),
        (codeDeploy, application, group) -> {
          InputFiles files = new InputFiles(job, context);
          String taskDefinitionArtifact = ActionConfig.required(job, "TaskDefinitionTemplateArtifact");
          String appSpecArtifact = ActionConfig.required(job, "AppSpecTemplateArtifact");
          String taskDefinitionPath = ActionConfig.optional(job, "TaskDefinitionTemplatePath", "taskdef.json");
          String appSpecPath = ActionConfig.optional(job, "AppSpecTemplatePath", "appspec.yaml");
          RegisterTaskDefinitionRequest template = TaskDefinitionTemplate.parse("TaskDefinitionTemplatePath",
              taskDefinitionPath, withImages(job, files, taskDefinitionPath,
                  files.read("TaskDefinitionTemplatePath", taskDefinitionArtifact, taskDefinitionPath)));
          String appSpecTemplate = files.read("AppSpecTemplatePath", appSpecArtifact, appSpecPath);
          if (!appSpecTemplate.contains(TASK_DEFINITION_PLACEHOLDER)) {
            throw new InvalidFileReference("AppSpecTemplatePath: " + appSpecPath + " has no "
                + TASK_DEFINITION_PLACEHOLDER + " placeholder for the task definition");
          }
          checkParses(appSpecPath, appSpecTemplate);
          String taskDefinition = register(job, context, template);
          String appSpec = appSpecTemplate.replace(TASK_DEFINITION_PLACEHOLDER, taskDefinition);
          return codeDeploy.createDeployment(b -> b.applicationName(application).deploymentGroupName(group)
              .description(CodeDeployments.description(job))
              .revision(r -> r.revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                  .appSpecContent(c -> c.content(appSpec).sha256(sha256(appSpec))))).deploymentId();
        });
  }

  /** The task definition text with every configured image placeholder replaced by its image URI. */
  private static String withImages(ActionJob job, InputFiles files, String taskDefinitionPath, String text)
      throws IOException, InvalidFileReference {
    for (int n = 1; n <= IMAGES; n++) {
      String artifactKey = "Image" + n + "ArtifactName";
      String artifact = ActionConfig.optional(job, artifactKey);
      if (artifact == null) {
        continue;
      }
      String placeholder = "<" + ActionConfig.optional(job, "Image" + n + "ContainerName", "IMAGE" + n + "_NAME")
          + ">";
      if (!text.contains(placeholder)) {
        throw new InvalidFileReference("Image" + n + "ContainerName: " + taskDefinitionPath + " has no placeholder "
            + placeholder);
      }
      String uri = imageUri(artifactKey, artifact, files.read(artifactKey, artifact, "imageDetail.json"));
      // the URI goes into a JSON string: escaped, so an odd imageDetail.json cannot change the document's shape
      text = text.replace(placeholder, new String(JsonStringEncoder.getInstance().quoteAsString(uri)));
    }
    return text;
  }

  private static String imageUri(String key, String artifact, String imageDetail) throws InvalidFileReference {
    JsonNode detail;
    try {
      detail = JSON.readTree(imageDetail);
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference(key + ": imageDetail.json in input artifact " + artifact + " is not valid JSON: "
          + e.getOriginalMessage());
    }
    JsonNode uri = detail == null ? null : detail.get("ImageURI");
    if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
      throw new InvalidFileReference(key + ": imageDetail.json in input artifact " + artifact + " has no ImageURI");
    }
    return uri.asText().strip();
  }

  /** The revision this action execution registered before, or a new one. */
  private String register(ActionJob job, ActionContext context, RegisterTaskDefinitionRequest template) {
    EcsClient ecs = clients.client("ecs", EcsClient::builder, job);
    String earlier = TaskDefinitions.registeredBy(ecs, template.family(), job.actionExecutionId(), null).orElse(null);
    if (earlier != null) {
      context.log().println("[Flowline] Task definition " + earlier + " was registered by this action before");
      return earlier;
    }
    String arn = ecs.registerTaskDefinition(template.toBuilder()
        .tags(TaskDefinitions.tagged(template.hasTags() ? template.tags() : List.of(), job.actionExecutionId()))
        .build()).taskDefinition().taskDefinitionArn();
    context.log().println("[Flowline] Registered task definition " + arn);
    return arn;
  }

  private static void checkParses(String appSpecPath, String appSpec) throws InvalidFileReference {
    try {
      JsonNode parsed = YAML.readTree(appSpec);
      if (parsed == null || !parsed.isObject()) {
        throw new InvalidFileReference("AppSpecTemplatePath: " + appSpecPath + " is not an AppSpec (a YAML or JSON "
            + "object)");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference("AppSpecTemplatePath: " + appSpecPath + " is not valid YAML or JSON: "
          + e.getOriginalMessage());
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

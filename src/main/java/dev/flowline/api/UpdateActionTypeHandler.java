package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionType;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * UpdateActionType: replaces the declaration of an action type whose executor is a JobWorker. In Flowline those
 * are the custom types (owner {@code Custom}, which Flowline's model accepts beside {@code AWS} and
 * {@code ThirdParty}); built-in types and the partner types of {@code flowline.jobs.third-party-action-types} are
 * not Flowline's to change here and are refused with {@code RequestFailedException}. The whole declaration is
 * checked before anything is written, so a refusal changes nothing.
 */
@Component
class UpdateActionTypeHandler implements OperationHandler {

  private static final String MEMBER = "actionType";

  private final ActionTypeCatalog catalog;
  private final CustomActionTypes types;
  private final ApiProperties properties;

  UpdateActionTypeHandler(ActionTypeCatalog catalog, CustomActionTypes types, ApiProperties properties) {
    this.catalog = catalog;
    this.types = types;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "UpdateActionType";
  }

  @Override
  @Transactional
  public Object handle(JsonNode input, CallContext context) {
    JsonNode declaration = input.path(MEMBER);
    ActionTypeId id = CustomActionTypeInputs.actionTypeId(declaration.path("id"));
    CustomActionType current = current(id);
    CustomActionType updated = CustomActionTypeInputs.checked(updated(id, current, declaration));
    if (!types.update(updated)) {
      throw notFound(id);
    }
    return null;
  }

  /** The live custom type with this identity, or the refusal for a type Flowline cannot change. */
  private CustomActionType current(ActionTypeId id) {
    if (CustomActionTypeInputs.CUSTOM.equals(id.owner())) {
      return types.find(id).orElseThrow(() -> notFound(id));
    }
    if (catalog.find(id).isEmpty()) {
      throw notFound(id);
    }
    if ("ThirdParty".equals(id.owner())) {
      throw new CodePipelineException("RequestFailedException", CustomActionTypeInputs.describe(id)
          + " is a partner action type declared in flowline.jobs.third-party-action-types; change it there and"
          + " restart Flowline. UpdateActionType changes custom action types (owner 'Custom') only.");
    }
    throw new CodePipelineException("RequestFailedException", CustomActionTypeInputs.describe(id)
        + " is built into Flowline and run by its own executor, not by job workers; it cannot be updated."
        + " UpdateActionType changes custom action types (owner 'Custom') only.");
  }

  private static CodePipelineException notFound(ActionTypeId id) {
    return new CodePipelineException("ActionTypeNotFoundException", CustomActionTypeInputs.describe(id)
        + " cannot be found");
  }

  private CustomActionType updated(ActionTypeId id, CustomActionType current, JsonNode declaration) {
    JsonNode executor = declaration.path("executor");
    String executorType = Inputs.text(executor, "type");
    if (!"JobWorker".equals(executorType)) {
      throw ApiException.validation(MEMBER + ".executor.type: " + CustomActionTypeInputs.describe(id)
          + " is run by job workers; its executor type cannot become '" + executorType + "'");
    }
    JsonNode configuration = executor.path("configuration");
    if (configuration.has("lambdaExecutorConfiguration")) {
      throw ApiException.validation(MEMBER + ".executor.configuration.lambdaExecutorConfiguration: not allowed for"
          + " a JobWorker executor; use jobWorkerExecutorConfiguration");
    }
    if (executor.has("policyStatementsTemplate")) {
      throw ApiException.validation(MEMBER + ".executor.policyStatementsTemplate: not supported; Flowline's job"
          + " workers are authorized by their role (WORK_JOBS), not by a policy in the customer account");
    }
    JsonNode jobWorker = configuration.path("jobWorkerExecutorConfiguration");
    List<String> pollingAccounts = texts(jobWorker.path("pollingAccounts"));
    if (pollingAccounts != null && !pollingAccounts.contains(properties.accountId())) {
      throw ApiException.validation(MEMBER + ".executor.configuration.jobWorkerExecutorConfiguration.pollingAccounts:"
          + " must include this Flowline's account " + properties.accountId() + ", the only account whose job"
          + " workers can poll");
    }
    Integer jobTimeout = executor.hasNonNull("jobTimeout") ? executor.get("jobTimeout").asInt() : null;
    Duration timeout = jobTimeout != null ? Duration.ofSeconds(jobTimeout) : CustomActionTypes.DEFAULT_TIMEOUT;

    JsonNode in = declaration.path("inputArtifactDetails");
    JsonNode out = declaration.path("outputArtifactDetails");
    Map<String, String> typesByName = current.spec().configurationProperties().stream()
        .collect(Collectors.toMap(ConfigurationProperty::name, ConfigurationProperty::type, (a, b) -> a));
    List<ConfigurationProperty> declared = new ArrayList<>();
    declaration.path("properties").forEach(p -> declared.add(new ConfigurationProperty(
        Inputs.text(p, "name"), !Inputs.bool(p, "optional"), Inputs.bool(p, "key"), Inputs.bool(p, "noEcho"),
        Inputs.bool(p, "queryable"), Inputs.text(p, "description"),
        typesByName.getOrDefault(Inputs.text(p, "name"), "String"))));
    ActionTypeSpec spec = new ActionTypeSpec(id, in.path("minimumCount").asInt(), in.path("maximumCount").asInt(),
        out.path("minimumCount").asInt(), out.path("maximumCount").asInt(), List.copyOf(declared), false,
        timeout);

    JsonNode urls = declaration.path("urls");
    CustomActionType.Settings settings = new CustomActionType.Settings(Inputs.text(urls, "configurationUrl"),
        Inputs.text(urls, "entityUrlTemplate"), Inputs.text(urls, "executionUrlTemplate"),
        Inputs.text(urls, "revisionUrlTemplate"));
    CustomActionType.Declaration extra = new CustomActionType.Declaration(Inputs.text(declaration, "description"),
        pollingAccounts, texts(jobWorker.path("pollingServicePrincipals")), jobTimeout,
        texts(declaration.path("permissions").path("allowedAccounts")));
    return new CustomActionType(spec, settings, extra);
  }

  /** A list of strings, or null when the member is absent. */
  private static List<String> texts(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }
}

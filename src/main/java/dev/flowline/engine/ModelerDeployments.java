package dev.flowline.engine;

import dev.flowline.compiler.PipelineBpmnReader;
import dev.flowline.compiler.SecretKeys;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

/**
 * A pipeline deployed from Camunda Modeler: the uploaded BPMN is read back into a declaration
 * ({@link PipelineBpmnReader}) and goes through CreatePipeline (a new name) or UpdatePipeline (version n+1),
 * the same validation and services as the API. What Camunda then runs is Flowline's compilation of that
 * declaration, never the uploaded XML, its expressions or its scripts.
 *
 * <p>Secret configuration is never in BPMN (the compiler leaves it out), so an update keeps the stored value
 * of the same stage, action and key where the upload has none, as UpdatePipeline does with {@code ****}.
 */
@Service
public class ModelerDeployments {

  /** What a Modeler deploy produced, in the terms Camunda's REST answer uses. */
  public record Deployed(String deploymentId, String deploymentName, String deploymentSource, Instant deploymentTime,
      String processDefinitionId, String processDefinitionKey, String processDefinitionName,
      int processDefinitionVersion, String versionTag, String resourceName, String pipelineName, int pipelineVersion,
      boolean created) {}

  private final PipelineService pipelines;
  private final PipelineStore store;
  private final IdentityService identity;
  private final RepositoryService repository;
  private final PipelineBpmnReader reader;
  private final SecretKeys secretKeys;

  ModelerDeployments(PipelineService pipelines, PipelineStore store, IdentityService identity,
      RepositoryService repository, ActionTypeCatalog catalog) {
    this.pipelines = pipelines;
    this.store = store;
    this.identity = identity;
    this.repository = repository;
    this.reader = new PipelineBpmnReader(catalog);
    this.secretKeys = SecretKeys.of(catalog);
  }

  /**
   * Creates or updates the pipeline the BPMN declares. The caller must already have been found allowed to edit
   * pipelines: the engine calls run as Flowline itself, as the API's do, so that an editor (who holds no Camunda
   * deployment rights) can deploy a pipeline and nothing else.
   *
   * @param changedOnly the Modeler's {@code deploy-changed-only}: a declaration equal to the latest version
   *     stores no new version
   * @throws dev.flowline.pipeline.CodePipelineException the reader's or the validator's refusal; nothing stored
   */
  public Deployed deploy(byte[] bpmn, boolean changedOnly) {
    PipelineDeclaration read = reader.read(bpmn);
    return asFlowline(() -> {
      Optional<StoredPipeline> current = store.find(read.name(), null);
      if (current.isEmpty()) {
        return describe(pipelines.create(new PipelineDocument(read, null)), true);
      }
      PipelineDeclaration stored = current.get().declaration();
      PipelineDeclaration declaration = withStoredSecrets(read, stored);
      if (changedOnly && declaration.withVersion(stored.version()).equals(stored)) {
        return describe(current.get(), false);
      }
      return describe(pipelines.update(declaration), false);
    });
  }

  private Deployed describe(StoredPipeline pipeline, boolean created) {
    String definitionId = store.processDefinitionId(pipeline.name(), pipeline.version()).orElseThrow();
    ProcessDefinition definition = repository.getProcessDefinition(definitionId);
    Deployment deployment = repository.createDeploymentQuery().deploymentId(definition.getDeploymentId())
        .singleResult();
    return new Deployed(deployment.getId(), deployment.getName(), deployment.getSource(),
        deployment.getDeploymentTime().toInstant(), definition.getId(), definition.getKey(), definition.getName(),
        definition.getVersion(), definition.getVersionTag(), definition.getResourceName(), pipeline.name(),
        pipeline.version(), created);
  }

  /** Secret configuration the upload lacks, taken from the stored action of the same stage and name. */
  private PipelineDeclaration withStoredSecrets(PipelineDeclaration read, PipelineDeclaration stored) {
    List<StageDeclaration> stages = read.stagesOrEmpty().stream().map(stage -> new StageDeclaration(stage.name(),
        stage.blockers(), stage.actionsOrEmpty().stream().map(action -> {
          Map<String, String> secrets = new LinkedHashMap<>();
          stored.stage(stage.name()).flatMap(s -> s.action(action.name()))
              .filter(old -> old.actionTypeId().equals(action.actionTypeId()))
              .ifPresent(old -> old.configurationOrEmpty().forEach((key, value) -> {
                if (secretKeys.of(action.actionTypeId()).contains(key)
                    && !action.configurationOrEmpty().containsKey(key)) {
                  secrets.put(key, value);
                }
              }));
          if (secrets.isEmpty()) {
            return action;
          }
          Map<String, String> configuration = new LinkedHashMap<>(action.configurationOrEmpty());
          configuration.putAll(secrets);
          return withConfiguration(action, configuration);
        }).toList(), stage.onFailure(), stage.onSuccess(), stage.beforeEntry())).toList();
    return new PipelineDeclaration(read.name(), read.roleArn(), read.artifactStore(), read.artifactStores(), stages,
        read.version(), read.executionMode(), read.pipelineType(), read.variables(), read.triggers());
  }

  private static ActionDeclaration withConfiguration(ActionDeclaration a, Map<String, String> configuration) {
    return new ActionDeclaration(a.name(), a.actionTypeId(), a.runOrder(), configuration, a.commands(),
        a.outputArtifacts(), a.inputArtifacts(), a.outputVariables(), a.roleArn(), a.region(), a.namespace(),
        a.timeoutInMinutes(), a.environmentVariables());
  }

  /** Runs {@code work} without the caller's Camunda authentication (restored afterwards). */
  private <T> T asFlowline(Supplier<T> work) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}

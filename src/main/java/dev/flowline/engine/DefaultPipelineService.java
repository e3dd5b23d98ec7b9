package dev.flowline.engine;

import dev.flowline.compiler.CompiledPipeline;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.execution.JdbcTagStore;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StageLocks;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.PipelineValidator;
import dev.flowline.pipeline.StageDeclaration;
import dev.flowline.pipeline.PipelineCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Pipeline lifecycle. Each version is validated, compiled and deployed as one Camunda deployment in the
 * same transaction that stores it; an unchanged declaration compiles to identical XML and Camunda's
 * duplicate filter reuses the deployed process definition.
 */
@Service
class DefaultPipelineService implements PipelineService {
  private static final Logger log = LoggerFactory.getLogger(DefaultPipelineService.class);

  private final PipelineStore store;
  private final StageLocks locks;
  private final JdbcTagStore tags;
  private final PipelineValidator validator;
  private final PipelineCompiler compiler;
  private final RepositoryService repository;
  private final PipelineModels models;
  private final DefaultExecutionService executions;
  private final Clock clock;
  private final EngineTransactions transactions;
  private final String accountId;
  private final String region;

  DefaultPipelineService(PipelineStore store, StageLocks locks, JdbcTagStore tags, PipelineValidator validator,
      PipelineCompiler compiler, RepositoryService repository, PipelineModels models,
      DefaultExecutionService executions, Clock clock, EngineTransactions transactions,
      @Value("${flowline.account-id:123456789012}") String accountId,
      @Value("${flowline.region:us-east-1}") String region) {
    this.store = store;
    this.locks = locks;
    this.tags = tags;
    this.validator = validator;
    this.compiler = compiler;
    this.repository = repository;
    this.models = models;
    this.executions = executions;
    this.clock = clock;
    this.transactions = transactions;
    this.accountId = accountId;
    this.region = region;
  }

  String arn(String name) {
    return "arn:aws:codepipeline:" + region + ":" + accountId + ":" + name;
  }

  @Override
  public StoredPipeline create(PipelineDocument document) {
    return transactions.run(() -> createInTransaction(document));
  }

  private StoredPipeline createInTransaction(PipelineDocument document) {
    PipelineDeclaration pipeline = document.pipeline().withVersion(1);
    validator.check(pipeline);
    Instant now = clock.instant();
    String arn = arn(pipeline.name());
    try {
      store.insertPipeline(pipeline.name(), arn, now);
    } catch (DuplicateKeyException e) {
      throw nameInUse(pipeline.name());
    }
    if (!document.tagsOrEmpty().isEmpty()) {
      tags.tag(arn, document.tagsOrEmpty());
    }
    deployVersion(pipeline, now);
    executions.startInTransaction(pipeline.name(), new StartRequest(java.util.Map.of(), null, List.of(),
        "CreatePipeline", arn));
    log.info("Created pipeline {}", pipeline.name());
    return store.find(pipeline.name(), null).orElseThrow();
  }

  private CodePipelineException nameInUse(String name) {
    return new CodePipelineException("PipelineNameInUseException",
        "A pipeline with the name '" + name + "' already exists in account '" + accountId + "'");
  }

  @Override
  public StoredPipeline update(PipelineDeclaration declaration) {
    return transactions.run(() -> updateInTransaction(declaration));
  }

  private StoredPipeline updateInTransaction(PipelineDeclaration declaration) {
    int latest = store.lockLatestVersion(declaration.name()).orElseThrow(() -> new CodePipelineException(
        "ResourceNotFoundException", "The account with id '" + accountId
            + "' does not include a pipeline with the name '" + declaration.name() + "'"));
    PipelineDeclaration pipeline = declaration.withVersion(latest + 1);
    validator.check(pipeline);
    deployVersion(pipeline, clock.instant());
    log.info("Updated pipeline {} to version {}", pipeline.name(), pipeline.version());
    return store.find(pipeline.name(), null).orElseThrow();
  }

  /**
   * The BPMN shows the shape of a pipeline, not its configuration, so two versions that differ only in
   * configuration would compile to the same XML. The version tag carries a hash of the whole declaration:
   * an unchanged pipeline still yields identical XML (and no new process definition), any change a new one,
   * so every execution keeps the configuration of the version it started on.
   */
  private void deployVersion(PipelineDeclaration pipeline, Instant now) {
    CompiledPipeline compiled = compiler.compile(pipeline);
    BpmnModelInstance model = compiled.model();
    model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
        .forEach(process -> process.setCamundaVersionTag(contentTag(pipeline)));
    DeploymentWithDefinitions deployment = repository.createDeployment()
        .name(deploymentName(pipeline.name()))
        .source("flowline")
        .addString(compiled.processKey() + ".bpmn", Bpmn.convertToString(model))
        .enableDuplicateFiltering(true)
        .deployWithResult();
    List<ProcessDefinition> deployed = deployment.getDeployedProcessDefinitions();
    String definitionId = deployed != null && !deployed.isEmpty() ? deployed.get(0).getId()
        : repository.createProcessDefinitionQuery().processDefinitionKey(compiled.processKey()).latestVersion()
            .singleResult().getId();
    models.evict(definitionId);
    store.insertVersion(pipeline, definitionId, now);
    locks.ensureStages(pipeline.name(), pipeline.stagesOrEmpty().stream().map(StageDeclaration::name).toList());
  }

  private static String contentTag(PipelineDeclaration pipeline) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(PipelineCodec.write(pipeline.withVersion(1)).getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String deploymentName(String pipelineName) {
    return "pipeline:" + pipelineName;
  }

  @Override
  public void delete(String name) {
    // A start that committed a new instance after this transaction looked for them makes the engine's delete of
    // the process definition fail on its foreign key; the repeat sees that instance and deletes it too.
    transactions.run(() -> {
      deleteInTransaction(name);
      return null;
    }, TransactionConflicts::constraintRace);
  }

  private void deleteInTransaction(String name) {
    if (store.lockLatestVersion(name).isEmpty()) {
      return;
    }
    // Lock order matters here. An action worker's step writes Flowline's records first (action, then stage,
    // then execution rows, then stage locks) and Camunda's rows last, when the engine flushes. Deleting the
    // deployment first ended the running instances, whose end listener updated the execution row and then
    // waited for the action rows a worker held, while that worker waited for the execution row: a deadlock.
    // Taking the records in the worker's order, and Camunda's rows last, makes the two queue instead; the
    // end listeners then find nothing left to settle. Holding every stage lock keeps starts from queueing new
    // waiters meanwhile; the end listeners release stages without admitting anyone, the waiters being gone.
    executions.deleteRecords(name);
    locks.lockAll(name);
    locks.removeAllWaiters(name);
    for (Deployment deployment : repository.createDeploymentQuery().deploymentName(deploymentName(name)).list()) {
      repository.deleteDeployment(deployment.getId(), true, true);
    }
    // again: the records of an execution whose start committed while this transaction was deleting
    executions.deleteRecords(name);
    locks.deletePipeline(name);
    store.arn(name).ifPresent(tags::deleteAll);
    store.delete(name);
    log.info("Deleted pipeline {}", name);
  }
}

package dev.flowline.engine;

import dev.flowline.execution.JdbcTagStore;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StageLocks;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.PipelineValidator;
import dev.flowline.pipeline.StageDeclaration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
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
  private final PipelineDeployer deployer;
  private final RepositoryService repository;
  private final PipelineModels models;
  private final DefaultExecutionService executions;
  private final Clock clock;
  private final EngineTransactions transactions;
  private final String accountId;
  private final String region;

  DefaultPipelineService(PipelineStore store, StageLocks locks, JdbcTagStore tags, PipelineValidator validator,
      PipelineDeployer deployer, RepositoryService repository, PipelineModels models,
      DefaultExecutionService executions, Clock clock, EngineTransactions transactions,
      @Value("${flowline.account-id:123456789012}") String accountId,
      @Value("${flowline.region:us-east-1}") String region) {
    this.store = store;
    this.locks = locks;
    this.tags = tags;
    this.validator = validator;
    this.deployer = deployer;
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

  private void deployVersion(PipelineDeclaration pipeline, Instant now) {
    String definitionId = deployer.deploy(pipeline);
    models.evict(definitionId);
    store.insertVersion(pipeline, definitionId, now);
    locks.ensureStages(pipeline.name(), pipeline.stagesOrEmpty().stream().map(StageDeclaration::name).toList());
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
    for (Deployment deployment : repository.createDeploymentQuery().deploymentName(PipelineDeployer.deploymentName(name)).list()) {
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

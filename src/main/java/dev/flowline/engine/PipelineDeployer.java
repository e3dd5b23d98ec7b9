package dev.flowline.engine;

import dev.flowline.compiler.CompiledPipeline;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.stereotype.Component;

/** Compiles a pipeline version and deploys it as one Camunda deployment; the only way pipeline BPMN gets deployed. */
@Component
class PipelineDeployer {
  private final PipelineCompiler compiler;
  private final RepositoryService repository;

  PipelineDeployer(PipelineCompiler compiler, RepositoryService repository) {
    this.compiler = compiler;
    this.repository = repository;
  }

  /**
   * Deploys {@code pipeline} and returns its process definition id. The BPMN carries the declaration but not
   * its secret configuration, so two versions that differ only in a secret would compile to the same XML.
   * The version tag carries a hash of the whole declaration: an unchanged pipeline still yields identical XML
   * (and no new process definition), any change a new one, so every execution keeps the configuration of the
   * version it started on.
   */
  String deploy(PipelineDeclaration pipeline) {
    CompiledPipeline compiled = compiler.compile(pipeline);
    BpmnModelInstance model = compiled.model();
    model.getModelElementsByType(Process.class).forEach(process -> process.setCamundaVersionTag(contentTag(pipeline)));
    DeploymentWithDefinitions deployment = PipelineDeploymentGuard.asFlowline(() -> repository.createDeployment()
        .name(deploymentName(pipeline.name()))
        .source("flowline")
        .addString(compiled.processKey() + ".bpmn", Bpmn.convertToString(model))
        .enableDuplicateFiltering(true)
        .deployWithResult());
    List<ProcessDefinition> deployed = deployment.getDeployedProcessDefinitions();
    return deployed != null && !deployed.isEmpty() ? deployed.get(0).getId()
        : repository.createProcessDefinitionQuery().processDefinitionKey(compiled.processKey()).latestVersion()
            .singleResult().getId();
  }

  /** False when the definition's deployment was deleted behind Flowline's back (an administrator in Cockpit). */
  boolean isDeployed(String processDefinitionId) {
    return repository.createProcessDefinitionQuery().processDefinitionId(processDefinitionId).count() > 0;
  }

  static String deploymentName(String pipelineName) {
    return "pipeline:" + pipelineName;
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
}

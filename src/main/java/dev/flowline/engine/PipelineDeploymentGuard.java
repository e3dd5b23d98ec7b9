package dev.flowline.engine;

import dev.flowline.compiler.BpmnContract;
import java.io.ByteArrayInputStream;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.ModelException;

/**
 * Refuses a new deployment that holds a process with a pipeline's key ({@code Pipeline_...}) unless Flowline
 * itself deploys it from a stored declaration ({@link #asFlowline}). A pipeline's BPMN is always Flowline's
 * compilation, never the expressions or scripts an uploader wrote, whoever uploads it (/engine-rest, an
 * administrator, the Modeler): the engine's listeners trust what a pipeline process does.
 *
 * <p>Camunda Modeler's deploy ({@code POST /engine-rest/deployment/create}) never gets here with a pipeline: the
 * web room's Modeler path reads the declaration back from the upload and creates or updates the pipeline through
 * {@link ModelerDeployments}, which compiles and deploys it as Flowline. What still reaches this guard (another
 * REST path, the Java API, a process application) is refused.
 */
final class PipelineDeploymentGuard implements Deployer {
  private static final ThreadLocal<Boolean> FLOWLINE = ThreadLocal.withInitial(() -> false);

  /** Runs {@code deploy} as Flowline's own deployment of compiled pipelines. */
  static <T> T asFlowline(Supplier<T> deploy) {
    boolean outer = FLOWLINE.get();
    FLOWLINE.set(true);
    try {
      return deploy.get();
    } finally {
      FLOWLINE.set(outer);
    }
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    if (!deployment.isNew() || FLOWLINE.get() || deployment.getResources() == null) {
      return;
    }
    for (ResourceEntity resource : deployment.getResources().values()) {
      String name = resource.getName();
      if (name != null && (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml")) && resource.getBytes() != null) {
        refusePipelineKeys(name, resource.getBytes());
      }
    }
  }

  private static void refusePipelineKeys(String resourceName, byte[] bpmn) {
    try {
      for (Process process : Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn))
          .getModelElementsByType(Process.class)) {
        String key = process.getId();
        if (key != null && key.startsWith(BpmnContract.PROCESS_KEY_PREFIX)) {
          throw new AuthorizationException("Resource '" + resourceName + "' defines process '" + key
              + "': keys starting with " + BpmnContract.PROCESS_KEY_PREFIX + " belong to Flowline pipelines, which "
              + "only Flowline deploys, compiled from their declaration. Create or update the pipeline with "
              + "CreatePipeline / UpdatePipeline, or deploy the diagram from Camunda Modeler (docs/modeler.md).");
        }
      }
    } catch (ModelException e) {
      // not readable as BPMN: the engine's own parser refuses it with the details
    }
  }
}

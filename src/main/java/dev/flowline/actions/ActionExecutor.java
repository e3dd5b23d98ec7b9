package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeSpec;

/**
 * Does the work of one action type, as a CodePipeline job worker does.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #execute} is called when a job for this type is available: first with no continuation
 *       token, then again with the token of every {@link ActionResult.InProgress} it returned, once the
 *       requested delay has passed. Between calls no thread is held.</li>
 *   <li>It may be called again for the same job after a crash (at-least-once). An executor with an
 *       external side effect (starting a build, a deployment) must make the first call idempotent
 *       (for example with {@link ActionJob#actionExecutionId()} as the external client token) and must
 *       return InProgress as soon as the side effect is started, so the token is saved before it waits.</li>
 *   <li>It returns {@link ActionResult.Succeeded} or {@link ActionResult.Failed}; an exception is treated
 *       as a failure of type {@code JobFailed} with the exception's message.</li>
 *   <li>If the action times out or the execution is stopped or abandoned, the job simply disappears:
 *       a later call never comes.</li>
 * </ul>
 */
public interface ActionExecutor {

  /** The action type this executor runs, with its artifact bounds and configuration properties. */
  ActionTypeSpec type();

  ActionResult execute(ActionJob job, ActionContext context) throws Exception;
}

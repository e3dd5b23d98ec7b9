package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * An action type whose job is handed to something outside Flowline that reports the result itself, through the
 * job API ({@code PutJobSuccessResult} / {@code PutJobFailureResult} with the job's id), as CodePipeline does with
 * the Lambda invoke action. Flowline holds no thread while it waits: the job is leased (an external task locked
 * under the job's own id) until the report comes or {@link #replyTimeout()} passes.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #handOff} is called once per job, and again (with a new job) for every continuation token the
 *       taker reports. After a crash between the lease and the hand-off it may be called again for the same action
 *       execution with a new job id: at least once, as CodePipeline's own invocations are.</li>
 *   <li>It returns empty once the job reached its taker, or the failure the action ends with when it could not be
 *       delivered (bad configuration, the taker does not exist). An exception fails the action with its
 *       message.</li>
 * </ul>
 */
public interface JobHandOff {

  /** The action type whose jobs this hands off. */
  ActionTypeSpec type();

  Optional<ActionResult.Failed> handOff(HandedJob job) throws Exception;

  /** How long the taker has to report (or to ask for another call) before the action times out; null = its timeout. */
  default Duration replyTimeout() {
    return null;
  }
}

package dev.flowline.execution;

import dev.flowline.execution.ExecutionRecords.ActionOutcome;
import dev.flowline.execution.ExecutionRecords.NewAction;
import dev.flowline.execution.ExecutionRecords.NewExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a pipeline's history of finished executions through {@link ExecutionRecords}, the writer the engine's
 * listeners call, 100 executions per transaction: each has two stages and two succeeded actions (the source one
 * with a revision), as a Source → Approve pipeline leaves them. For tests and benchmarks that need a long history
 * in seconds rather than the minutes that real executions take.
 */
public final class HistoryFill {

  /** The declared names the records carry: a source stage and action, then a second stage and action. */
  public record Shape(String sourceStage, String sourceAction, String nextStage, String nextAction) {}

  private final ExecutionRecords records;
  private final TransactionTemplate tx;

  public HistoryFill(ExecutionRecords records, TransactionTemplate tx) {
    this.records = records;
    this.tx = tx;
  }

  /** Writes {@code count} executions of {@code pipeline}, oldest first, and returns their ids in that order. */
  public List<String> add(String pipeline, Shape shape, int count) {
    return add(pipeline, shape, count, 1);
  }

  /**
   * As {@link #add(String, Shape, int)}, but only every {@code succeedEvery}-th execution (the last of each run of
   * that many) succeeds in the second stage; the others fail there, as behind a Deploy that keeps failing.
   */
  public List<String> add(String pipeline, Shape shape, int count, int succeedEvery) {
    List<String> ids = new ArrayList<>();
    for (int done = 0; done < count; done += 100) {
      int batch = Math.min(100, count - done);
      tx.executeWithoutResult(status -> {
        for (int i = 0; i < batch; i++) {
          ids.add(execution(pipeline, shape, ids.size() % succeedEvery == succeedEvery - 1));
        }
      });
    }
    return ids;
  }

  private String execution(String pipeline, Shape shape, boolean succeeds) {
    String id = UUID.randomUUID().toString();
    records.insertExecution(new NewExecution(id, pipeline, 1, null, "StartPipelineExecution",
        "arn:aws:iam::123456789012:user/history", "SUPERSEDED", "STANDARD", null, null, Map.of(), List.of()));
    records.stageStarted(id, pipeline, shape.sourceStage());
    String source = UUID.randomUUID().toString();
    records.insertAction(new NewAction(source, id, pipeline, 1, shape.sourceStage(), shape.sourceAction(), null, null));
    records.actionOutcome(source, new ActionOutcome(ExecutionStatus.SUCCEEDED, null, null, null, null, null,
        null, null, null, null, UUID.randomUUID().toString(), null, "history revision", null, null));
    records.stageFinished(id, shape.sourceStage(), ExecutionStatus.SUCCEEDED);
    records.stageStarted(id, pipeline, shape.nextStage());
    String next = UUID.randomUUID().toString();
    records.insertAction(new NewAction(next, id, pipeline, 1, shape.nextStage(), shape.nextAction(), null, null));
    String status = succeeds ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
    records.actionOutcome(next, new ActionOutcome(status, succeeds ? "approved" : "rejected", null, null, null,
        null, null, null, null, null, null, null, null, null, "history"));
    records.stageFinished(id, shape.nextStage(), status);
    records.finishExecution(id, status, null);
    return id;
  }
}

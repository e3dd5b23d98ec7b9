package dev.flowline.engine;

import dev.flowline.execution.ConditionRecords;
import dev.flowline.execution.ConditionRecords.RuleResult;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.pipeline.Condition;
import dev.flowline.pipeline.StageConditions;
import dev.flowline.pipeline.StageConditions.ConditionOutcome;
import dev.flowline.pipeline.StageDeclaration;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Evaluates a stage's beforeEntry, onSuccess and onFailure conditions when the engine reaches them, and
 * records each evaluation (GetPipelineState's condition states). A condition is met when all its rules
 * succeed; when it is not, its result applies.
 */
@Component
class ConditionChecks {
  static final String BEFORE_ENTRY = "BEFORE_ENTRY";
  static final String ON_SUCCESS = "ON_SUCCESS";
  static final String ON_FAILURE = "ON_FAILURE";

  private final ExecutionRecords records;
  private final ConditionRecords conditions;
  private final VariableScope variables;
  private final Clock clock;

  ConditionChecks(ExecutionRecords records, ConditionRecords conditions, VariableScope variables, Clock clock) {
    this.records = records;
    this.conditions = conditions;
    this.variables = variables;
    this.clock = clock;
  }

  /** The result to apply (FAIL, SKIP, ROLLBACK, ...) if the stage's condition of this type is not met. */
  Optional<String> unmetResult(PipelineModel model, String stageName, String executionId, String type) {
    StageDeclaration stage = model.stage(stageName);
    List<Condition> declared = switch (type) {
      case BEFORE_ENTRY -> stage.entryConditionsOrEmpty();
      case ON_SUCCESS -> stage.onSuccess() == null ? null : stage.onSuccess().conditions();
      default -> stage.onFailure() == null ? null : stage.onFailure().conditions();
    };
    if (declared == null || declared.isEmpty()
        || conditions.status(executionId, stageName, type).filter("Overridden"::equals).isPresent()) {
      return Optional.empty();
    }
    var execution = records.execution(executionId).orElseThrow();
    var lookup = variables.lookup(model, execution);
    for (Condition condition : declared) {
      ConditionOutcome outcome = StageConditions.evaluate(condition, lookup, clock.instant().atZone(ZoneOffset.UTC));
      conditions.record(executionId, model.name(), stageName, type, outcome.met() ? "Succeeded" : "Failed",
          outcome.summary(), outcome.rules().stream()
              .map(r -> new RuleResult(r.ruleName(), r.succeeded() ? "Succeeded" : "Failed", r.summary())).toList());
      if (!outcome.met()) {
        return Optional.of(condition.result() == null ? "FAIL" : condition.result());
      }
    }
    return Optional.empty();
  }
}

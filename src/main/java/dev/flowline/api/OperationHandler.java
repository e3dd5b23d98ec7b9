package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of an AWS JSON service Flowline serves on {@code POST /}: CodePipeline's (the
 * {@code <Operation>} of {@code X-Amz-Target: CodePipeline_20150709.<Operation>}) or, when {@link #service()}
 * says so, another one's (CodeCommit's {@code CodeCommit_20150413.<Operation>}). Implementations are Spring
 * beans, found by {@link #service()} and {@link #name()}.
 *
 * <p>When {@link #handle} is called, the request has been authenticated and its body has passed the
 * service model's shape checks (types, required members, lengths, patterns, enums, ranges), so a handler
 * only reads members and calls the engine. It returns the output shape as something Jackson serialises
 * (a record, a map or a JSON node) — null members are omitted, {@link java.time.Instant}s become epoch
 * seconds — or null for operations without output ({@code {}} is sent). Refusals are thrown as
 * {@link dev.flowline.pipeline.CodePipelineException} (HTTP 400 with the exception name); a handler
 * changes nothing when it throws.
 */
public interface OperationHandler {

  /** The operation name exactly as in the service model, e.g. {@code GetPipelineState}. */
  String name();

  /** The service the operation belongs to, as its SigV4 signing name: {@code codepipeline} or {@code codecommit}. */
  default String service() {
    return "codepipeline";
  }

  /**
   * Checks the service reports under their own exception names (CodeCommit's
   * {@code InvalidRepositoryNameException}, ...) rather than as a generic ValidationException; called before
   * the service model's shape checks. Throws {@link dev.flowline.pipeline.CodePipelineException} to refuse.
   */
  default void checkInput(JsonNode input) {}

  Object handle(JsonNode input, CallContext context);
}

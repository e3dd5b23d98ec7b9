package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One CodePipeline operation (the {@code <Operation>} of {@code X-Amz-Target: CodePipeline_20150709.<Operation>}).
 * Implementations are Spring beans, found by {@link #name()}.
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

  Object handle(JsonNode input, CallContext context);
}

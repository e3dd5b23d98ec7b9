package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Reading CodeCommit inputs with CodeCommit's own refusals. A member of the wrong JSON type is left to the
 * service model's checks (SerializationException), so these only judge strings.
 */
final class CodeCommitInputs {
  static final String SERVICE = "codecommit";

  private CodeCommitInputs() {}

  /** The checked {@code repositoryName}; RepositoryNameRequiredException when absent, null when not a string. */
  static String repositoryName(JsonNode input) {
    JsonNode name = input.path("repositoryName");
    if (name.isMissingNode() || name.isNull()) {
      return CodeCommitErrors.checkRepositoryName(null);
    }
    return name.isTextual() ? CodeCommitErrors.checkRepositoryName(name.asText()) : null;
  }

  static String branchName(JsonNode input) {
    JsonNode name = input.path("branchName");
    if (name.isMissingNode() || name.isNull()) {
      return CodeCommitErrors.checkBranchName(null);
    }
    return name.isTextual() ? CodeCommitErrors.checkBranchName(name.asText()) : null;
  }

  static String text(JsonNode input, String member) {
    JsonNode value = input.path(member);
    return value.isTextual() ? value.asText() : null;
  }

  /** One page of {@code items} from the offset {@code nextToken} names; {@code scope} binds the token to its listing. */
  static <T> Page<T> page(List<T> items, String nextToken, String scope, int pageSize) {
    int offset = 0;
    if (nextToken != null) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8).split("\\|", 2);
        offset = Integer.parseInt(parts[0]);
        if (parts.length != 2 || !parts[1].equals(scope) || offset < 0 || offset > items.size()) {
          throw CodeCommitErrors.invalidContinuationToken();
        }
      } catch (IllegalArgumentException e) {
        throw CodeCommitErrors.invalidContinuationToken();
      }
    }
    int end = Math.min(items.size(), offset + pageSize);
    String next = end < items.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString((end + "|" + scope).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(items.subList(offset, end), next);
  }

  record Page<T>(List<T> items, String nextToken) {}

  static CodePipelineException refusal(String type, String message) {
    return new CodePipelineException(type, message);
  }
}

package dev.flowline.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.aws.*}: where the AWS providers (CloudFormation, Step Functions, ECR, SNS notifications) send
 * their calls. Credentials always come from the SDK's default chain (environment, system properties, profile,
 * container or instance role).
 * <ul>
 *   <li>{@code region}: for actions that name no {@code region} (default {@code flowline.region}).</li>
 *   <li>{@code endpoint}: one endpoint for every AWS service (moto, LocalStack); empty (default) = AWS.</li>
 *   <li>{@code endpoints.<service>}: the endpoint of one service, by the SDK's service id ({@code cloudformation},
 *       {@code sfn}, {@code ecr}, {@code sns}, {@code sts}); wins over {@code endpoint}.</li>
 *   <li>{@code assume-pipeline-role} (default false): run actions without a {@code roleArn} of their own as the
 *       pipeline's {@code roleArn}, assumed through STS. Off by default because a pipeline's role usually trusts
 *       only codepipeline.amazonaws.com; an action's own {@code roleArn} is always assumed.</li>
 *   <li>{@code recheck-after} (default 10 s): how long a running stack, change set or execution waits before the
 *       next look.</li>
 * </ul>
 */
@ConfigurationProperties("flowline.aws")
public record AwsProperties(
    String region,
    String endpoint,
    Map<String, String> endpoints,
    @DefaultValue("false") boolean assumePipelineRole,
    @DefaultValue("10s") Duration recheckAfter) {

  URI endpointUri() {
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
  }

  Map<String, URI> endpointUris() {
    Map<String, URI> uris = new LinkedHashMap<>();
    if (endpoints != null) {
      endpoints.forEach((service, uri) -> {
        if (uri != null && !uri.isBlank()) {
          uris.put(service, URI.create(uri.strip()));
        }
      });
    }
    return uris;
  }

  String regionOr(String fallback) {
    return region == null || region.isBlank() ? fallback : region.strip();
  }
}

package dev.flowline.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the CodePipeline API needs from configuration: the region and account id that pipeline ARNs
 * carry ({@code arn:aws:codepipeline:<region>:<accountId>:<pipelineName>}), and the access key pairs
 * that may sign requests ({@code flowline.api.credentials[n].access-key-id / secret-access-key}), each acting as
 * a Camunda user ({@code flowline.api.credentials[n].user}).
 *
 * <p>When no key pair is configured, the documented local pair {@link #DEFAULT_ACCESS_KEY_ID} /
 * {@link #DEFAULT_SECRET_ACCESS_KEY} is active; configuring any pair replaces it. Flowline refuses to
 * listen beyond loopback while the default pair is active.
 */
@ConfigurationProperties(prefix = "flowline")
public record ApiProperties(
    @DefaultValue("us-east-1") String region,
    @DefaultValue("123456789012") String accountId,
    @DefaultValue Api api) {

  public static final String DEFAULT_ACCESS_KEY_ID = "FLOWLINELOCAL0000000";
  public static final String DEFAULT_SECRET_ACCESS_KEY = "flowline-local-secret-do-not-use-in-production";
  /** The user a key pair acts as when it names none: the administrator the Camunda starter creates. */
  public static final String DEFAULT_USER = "admin";

  /** {@code flowline.api.*}. */
  public record Api(List<Credential> credentials) {
    public Api {
      credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }
  }

  /**
   * One access key pair and the Camunda user it acts as: a request signed with it has exactly the rights of
   * {@code user}'s groups (roles, docs/security.md), and {@code user} names the caller in {@code lastChangedBy}
   * / {@code lastUpdatedBy} ({@code arn:aws:iam::<accountId>:user/<user>}). Without {@code user}, the pair acts
   * as {@value #DEFAULT_USER}, Camunda's administrator; a user that does not exist has no rights.
   */
  public record Credential(String accessKeyId, String secretAccessKey, @DefaultValue(DEFAULT_USER) String user) {
    public Credential {
      if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
        throw new IllegalArgumentException(
            "flowline.api.credentials: every entry needs access-key-id and secret-access-key");
      }
      user = user == null || user.isBlank() ? DEFAULT_USER : user;
    }

    @Override
    public String toString() {
      return "Credential[accessKeyId=" + accessKeyId + ", secretAccessKey=****, user=" + user + "]";
    }
  }

  public ApiProperties {
    api = api == null ? new Api(List.of()) : api;
  }

  /** The key pairs in force: the configured ones, or the documented local default pair. */
  public List<Credential> effectiveCredentials() {
    return api.credentials().isEmpty()
        ? List.of(new Credential(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, DEFAULT_USER))
        : api.credentials();
  }

  /** True when the documented (public) default key pair can sign requests. */
  public boolean defaultKeyPairActive() {
    return effectiveCredentials().stream().anyMatch(c -> c.accessKeyId().equals(DEFAULT_ACCESS_KEY_ID)
        || c.secretAccessKey().equals(DEFAULT_SECRET_ACCESS_KEY));
  }

  /** {@code arn:aws:codepipeline:<region>:<accountId>:<pipelineName>}. */
  public String pipelineArn(String pipelineName) {
    return "arn:aws:codepipeline:" + region + ":" + accountId + ":" + pipelineName;
  }

  /** The IAM-style ARN that stands for a caller in records such as {@code lastChangedBy}. */
  public String callerArn(String user) {
    return "arn:aws:iam::" + accountId + ":user/" + user;
  }
}

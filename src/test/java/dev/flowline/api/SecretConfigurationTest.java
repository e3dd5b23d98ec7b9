package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.KnownActionTypes;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Collection;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretConfigurationTest {

  /** AWS's own action types, where GitHub (v1)'s OAuthToken is secret. */
  static final ActionTypeCatalog AWS_TYPES = new ActionTypeCatalog() {
    @Override
    public Optional<ActionTypeSpec> find(ActionTypeId id) {
      return KnownActionTypes.find(id);
    }

    @Override
    public Collection<ActionTypeSpec> all() {
      return KnownActionTypes.all();
    }
  };

  final SecretConfiguration secrets = new SecretConfiguration(AWS_TYPES);

  @Test
  @DisplayName("secret configuration values are shown as ****, the others as declared")
  void masksSecrets() {
    JsonNode shown = secrets.masked(github("ghp_realtoken"));

    JsonNode configuration = shown.path("stages").get(0).path("actions").get(0).path("configuration");
    assertThat(configuration.path("OAuthToken").asText()).isEqualTo("****");
    assertThat(configuration.path("Owner").asText()).isEqualTo("octo");
  }

  @Test
  @DisplayName("given an update that sends **** back, then the stored secret is kept; a new value replaces it")
  void restoresMaskedSecrets() {
    JsonNode update = secrets.masked(github("ghp_realtoken"));
    secrets.restoreMasked(update, github("ghp_realtoken"));
    JsonNode changed = PipelineCodec.toTree(github("ghp_newtoken"));
    secrets.restoreMasked(changed, github("ghp_realtoken"));

    assertThat(update.path("stages").get(0).path("actions").get(0).path("configuration").path("OAuthToken").asText())
        .isEqualTo("ghp_realtoken");
    assertThat(changed.path("stages").get(0).path("actions").get(0).path("configuration").path("OAuthToken").asText())
        .isEqualTo("ghp_newtoken");
  }

  static PipelineDeclaration github(String token) {
    return PipelineCodec.readDeclaration("{\"name\":\"p\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
        + "\"artifactStore\":{\"type\":\"S3\",\"location\":\"b\"},\"stages\":[{\"name\":\"Source\",\"actions\":[{"
        + "\"name\":\"GitHub\",\"actionTypeId\":{\"category\":\"Source\",\"owner\":\"ThirdParty\",\"provider\":\"GitHub\","
        + "\"version\":\"1\"},\"configuration\":{\"Owner\":\"octo\",\"Repo\":\"app\",\"Branch\":\"main\",\"OAuthToken\":\""
        + token + "\"},\"outputArtifacts\":[{\"name\":\"src\"}]}]}]}");
  }
}

package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionConfigurationProperty;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionType;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.CreateCustomActionTypeResponse;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.InvalidActionDeclarationException;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

/** CreateCustomActionType, DeleteCustomActionType, ListActionTypes and their effect on validation, via the SDK v2. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomActionTypesSdkTest {

  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  static ActionConfigurationProperty property(String name, boolean required, boolean secret, boolean queryable) {
    return ActionConfigurationProperty.builder().name(name).required(required).key(true).secret(secret)
        .queryable(queryable).build();
  }

  CreateCustomActionTypeResponse createType(String provider, ActionConfigurationProperty... properties) {
    return client.createCustomActionType(r -> r.category(ActionCategory.BUILD).provider(provider).version("1")
        .settings(s -> s.entityUrlTemplate("https://ci.example.com/job/{Config:ProjectName}"))
        .configurationProperties(properties)
        .inputArtifactDetails(d -> d.minimumCount(1).maximumCount(1))
        .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(1)));
  }

  static ActionTypeId customType(String provider) {
    return ActionTypeId.builder().category(ActionCategory.BUILD).owner(ActionOwner.CUSTOM).provider(provider)
        .version("1").build();
  }

  /** Source (S3) then one action of the custom type, configured with {@code configuration}. */
  static PipelineDeclaration withCustomAction(String name, String provider, Map<String, String> configuration,
      boolean withInput) {
    ActionDeclaration.Builder custom = ActionDeclaration.builder().name("Custom")
        .actionTypeId(customType(provider)).configuration(configuration);
    if (withInput) {
      custom.inputArtifacts(InputArtifact.builder().name("SourceOutput").build());
    }
    PipelineDeclaration base = SdkPipelines.sourceThenApproval(name);
    return base.toBuilder().stages(base.stages().get(0),
        StageDeclaration.builder().name("Build").actions(custom.build()).build()).build();
  }

  List<ActionType> customTypes() {
    return client.listActionTypes(r -> r.actionOwnerFilter("Custom")).actionTypes();
  }

  @Test
  @DisplayName("a created custom type is listed by ListActionTypes with owner Custom, its settings, properties and artifact counts")
  void createdTypeIsListed() {
    CreateCustomActionTypeResponse created = createType("ListedTool", property("ProjectName", true, false, true),
        property("Token", false, true, false));

    assertThat(created.actionType().id().owner()).isEqualTo(ActionOwner.CUSTOM);
    ActionType listed = customTypes().stream().filter(t -> t.id().provider().equals("ListedTool")).findFirst()
        .orElseThrow();
    assertThat(listed.settings().entityUrlTemplate()).isEqualTo("https://ci.example.com/job/{Config:ProjectName}");
    assertThat(listed.actionConfigurationProperties()).extracting(ActionConfigurationProperty::name,
        ActionConfigurationProperty::queryable, ActionConfigurationProperty::secret)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ProjectName", true, false),
            org.assertj.core.groups.Tuple.tuple("Token", false, true));
    assertThat(listed.inputArtifactDetails().minimumCount()).isEqualTo(1);
    assertThat(listed.outputArtifactDetails().maximumCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a pipeline may use a custom type only once it exists, with its required keys and artifact counts")
  void pipelineUsesCustomTypeOnceItExists() {
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-early", "LaterTool", Map.of("ProjectName", "app"), true))))
        .isInstanceOf(InvalidActionDeclarationException.class)
        .hasMessageContaining("Owner: 'Custom'").hasMessageContaining("is not available");

    createType("LaterTool", property("ProjectName", true, false, true));

    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-missing-key", "LaterTool", Map.of(), true))))
        .hasMessageContaining("is missing required configuration 'ProjectName'");
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-unknown-key", "LaterTool", Map.of("ProjectName", "app", "Colour", "red"), true))))
        .hasMessageContaining("contains unknown configuration 'Colour'");
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-no-input", "LaterTool", Map.of("ProjectName", "app"), false))))
        .hasMessageContaining("less than the minimum count (1)");
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-bad-query", "LaterTool", Map.of("ProjectName", "has spaces"), true))))
        .hasMessageContaining("queryable configuration 'ProjectName'");

    client.createPipeline(r -> r.pipeline(withCustomAction("custom-ok", "LaterTool", Map.of("ProjectName", "app"),
        true)));
    assertThat(client.getPipeline(r -> r.name("custom-ok")).pipeline().stages().get(1).actions().get(0)
        .actionTypeId().owner()).isEqualTo(ActionOwner.CUSTOM);
  }

  @Test
  @DisplayName("a deleted custom type disappears, can no longer be used, and returns only with its identical definition")
  void deletedTypeCanNoLongerBeUsed() {
    createType("GoneTool", property("ProjectName", true, false, false));
    client.createPipeline(r -> r.pipeline(withCustomAction("custom-gone", "GoneTool", Map.of("ProjectName", "a"),
        true)));

    client.deleteCustomActionType(r -> r.category(ActionCategory.BUILD).provider("GoneTool").version("1"));

    assertThat(customTypes()).noneMatch(t -> t.id().provider().equals("GoneTool"));
    var current = client.getPipeline(r -> r.name("custom-gone")).pipeline();
    assertThatThrownBy(() -> client.updatePipeline(r -> r.pipeline(current)))
        .isInstanceOf(InvalidActionDeclarationException.class).hasMessageContaining("GoneTool");
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        withCustomAction("custom-gone-2", "GoneTool", Map.of("ProjectName", "a"), true))))
        .isInstanceOf(InvalidActionDeclarationException.class);
    assertThatThrownBy(() -> client.deleteCustomActionType(r -> r.category(ActionCategory.BUILD)
        .provider("GoneTool").version("1"))).isInstanceOf(ValidationException.class);

    assertThatThrownBy(() -> createType("GoneTool", property("Other", true, false, false)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("never been used");
    createType("GoneTool", property("ProjectName", true, false, false));
    assertThat(customTypes()).anyMatch(t -> t.id().provider().equals("GoneTool"));
  }

  @Test
  @DisplayName("a custom type with two queryable properties, or a secret queryable one, is refused and not stored")
  void queryableRules() {
    assertThatThrownBy(() -> createType("TwoQueries", property("A", true, false, true),
        property("B", true, false, true)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("at most one queryable");
    assertThatThrownBy(() -> createType("SecretQuery", property("A", true, true, true)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("required and not secret");
    assertThat(customTypes()).noneMatch(t -> t.id().provider().equals("TwoQueries")
        || t.id().provider().equals("SecretQuery"));
  }
}

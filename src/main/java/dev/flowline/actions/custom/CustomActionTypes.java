package dev.flowline.actions.custom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The custom action types in {@code flowline_custom_action_type}. Deleting marks a type deleted: it disappears
 * from the catalogue, and its identity can only come back with the identical definition (CodePipeline's rule
 * for restoring a deleted custom action).
 */
public class CustomActionTypes {

  /** CodePipeline's default timeout for custom actions. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public CustomActionTypes(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What a row stores besides the identity. */
  record Definition(int minInputArtifacts, int maxInputArtifacts, int minOutputArtifacts, int maxOutputArtifacts,
      List<ConfigurationProperty> configurationProperties, CustomActionType.Settings settings, long timeoutSeconds,
      @JsonInclude(JsonInclude.Include.NON_NULL) CustomActionType.Declaration declaration) {

    static Definition of(CustomActionType type) {
      ActionTypeSpec spec = type.spec();
      return new Definition(spec.minInputArtifacts(), spec.maxInputArtifacts(), spec.minOutputArtifacts(),
          spec.maxOutputArtifacts(), spec.configurationProperties(), type.settings(),
          spec.defaultTimeout().toSeconds(), type.declaration());
    }

    CustomActionType toType(ActionTypeId id) {
      return new CustomActionType(new ActionTypeSpec(id, minInputArtifacts, maxInputArtifacts, minOutputArtifacts,
          maxOutputArtifacts, configurationProperties, false, Duration.ofSeconds(timeoutSeconds)), settings,
          declaration);
    }
  }

  /** The outcome of {@link #create}. */
  public enum Created { CREATED, RESTORED, UNCHANGED, VERSION_USED }

  /**
   * Registers {@code type}; an existing identical live type is left as it is, a deleted identical one is
   * restored, and a different definition under a used identity is refused ({@link Created#VERSION_USED}).
   */
  public Created create(CustomActionType type) {
    ActionTypeId id = type.spec().id();
    String definition = write(Definition.of(type));
    List<Row> existing = rows(id);
    long now = clock.millis();
    if (existing.isEmpty()) {
      jdbc.update("INSERT INTO flowline_custom_action_type (category, owner, provider, version, definition, deleted,"
          + " created, updated) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)", id.category(), id.owner(), id.provider(),
          id.version(), definition, now, now);
      return Created.CREATED;
    }
    Row row = existing.get(0);
    if (!row.definition().equals(definition)) {
      return Created.VERSION_USED;
    }
    if (!row.deleted()) {
      return Created.UNCHANGED;
    }
    jdbc.update("UPDATE flowline_custom_action_type SET deleted = FALSE, updated = ? WHERE category = ? AND owner = ?"
        + " AND provider = ? AND version = ?", now, id.category(), id.owner(), id.provider(), id.version());
    return Created.RESTORED;
  }

  /**
   * Replaces the definition of the live type with {@code type}'s identity (UpdateActionType); false when there is
   * none. Pipelines validated afterwards see the new definition; jobs already created keep what they were given.
   */
  public boolean update(CustomActionType type) {
    ActionTypeId id = type.spec().id();
    return jdbc.update("UPDATE flowline_custom_action_type SET definition = ?, updated = ? WHERE category = ?"
        + " AND owner = ? AND provider = ? AND version = ? AND deleted = FALSE", write(Definition.of(type)),
        clock.millis(), id.category(), id.owner(), id.provider(), id.version()) == 1;
  }

  /** Marks a live type deleted; false when there is none. */
  public boolean delete(ActionTypeId id) {
    return jdbc.update("UPDATE flowline_custom_action_type SET deleted = TRUE, updated = ? WHERE category = ?"
        + " AND owner = ? AND provider = ? AND version = ? AND deleted = FALSE", clock.millis(), id.category(),
        id.owner(), id.provider(), id.version()) == 1;
  }

  /** The live (not deleted) type with this identity. */
  public Optional<CustomActionType> find(ActionTypeId id) {
    return rows(id).stream().filter(r -> !r.deleted()).findFirst().map(r -> read(r.definition()).toType(id));
  }

  /** Every live type. */
  public List<CustomActionType> all() {
    return jdbc.query("SELECT category, owner, provider, version, definition FROM flowline_custom_action_type"
        + " WHERE deleted = FALSE ORDER BY category, owner, provider, version",
        (rs, i) -> read(rs.getString(5)).toType(
            ActionTypeId.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
  }

  private record Row(String definition, boolean deleted) {}

  private List<Row> rows(ActionTypeId id) {
    return jdbc.query("SELECT definition, deleted FROM flowline_custom_action_type WHERE category = ? AND owner = ?"
        + " AND provider = ? AND version = ?", (rs, i) -> new Row(rs.getString(1), rs.getBoolean(2)),
        id.category(), id.owner(), id.provider(), id.version());
  }

  private static String write(Definition definition) {
    try {
      return JSON.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Definition read(String json) {
    try {
      return JSON.readValue(json, Definition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable custom action type definition", e);
    }
  }
}

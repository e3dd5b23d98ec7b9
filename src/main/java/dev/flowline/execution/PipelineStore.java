package dev.flowline.execution;

import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Pipelines and their versions in {@code flowline_pipeline} / {@code flowline_pipeline_version}. */
@Repository
public class PipelineStore implements PipelineQueries {
  private final JdbcTemplate jdbc;

  public PipelineStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Locks the pipeline's row for the rest of the transaction; empty if it does not exist. */
  public Optional<Integer> lockLatestVersion(String name) {
    return jdbc.query("SELECT latest_version FROM flowline_pipeline WHERE name = ? FOR UPDATE",
        (rs, i) -> rs.getInt(1), name).stream().findFirst();
  }

  public void insertPipeline(String name, String arn, Instant now) {
    jdbc.update("INSERT INTO flowline_pipeline (name, latest_version, pipeline_arn, created, updated) VALUES (?, 1, ?, ?, ?)",
        name, arn, now.toEpochMilli(), now.toEpochMilli());
  }

  public void insertVersion(PipelineDeclaration declaration, String processDefinitionId, Instant now) {
    jdbc.update("INSERT INTO flowline_pipeline_version (pipeline_name, version, declaration, process_definition_id, created) "
        + "VALUES (?, ?, ?, ?, ?)", declaration.name(), declaration.version(), PipelineCodec.write(declaration),
        processDefinitionId, now.toEpochMilli());
    jdbc.update("UPDATE flowline_pipeline SET latest_version = ?, updated = ? WHERE name = ?",
        declaration.version(), now.toEpochMilli(), declaration.name());
  }

  /** Points a stored version at a new deployment of the same declaration (after its deployment was deleted). */
  public void replaceProcessDefinition(String name, int version, String processDefinitionId) {
    jdbc.update("UPDATE flowline_pipeline_version SET process_definition_id = ? WHERE pipeline_name = ? AND version = ?",
        processDefinitionId, name, version);
  }

  public void delete(String name) {
    jdbc.update("DELETE FROM flowline_pipeline_version WHERE pipeline_name = ?", name);
    jdbc.update("DELETE FROM flowline_pipeline WHERE name = ?", name);
  }

  @Override
  public Optional<StoredPipeline> find(String name, Integer version) {
    String sql = "SELECT v.declaration, p.pipeline_arn, p.created, p.updated, v.created AS version_created "
        + "FROM flowline_pipeline p JOIN flowline_pipeline_version v ON v.pipeline_name = p.name "
        + "WHERE p.name = ? AND v.version = " + (version == null ? "p.latest_version" : "?");
    Object[] args = version == null ? new Object[] {name} : new Object[] {name, version};
    return jdbc.query(sql, (rs, i) -> new StoredPipeline(
        PipelineCodec.readDeclaration(rs.getString("declaration")),
        rs.getString("pipeline_arn"),
        Instant.ofEpochMilli(rs.getLong("created")),
        Instant.ofEpochMilli(version == null ? rs.getLong("updated") : rs.getLong("version_created"))), args)
        .stream().findFirst();
  }

  /** The declaration a Camunda process definition was compiled from (the newest version using it). */
  public Optional<PipelineDeclaration> declarationOfDefinition(String processDefinitionId) {
    return jdbc.query("SELECT declaration FROM flowline_pipeline_version WHERE process_definition_id = ? "
            + "ORDER BY version DESC", (rs, i) -> PipelineCodec.readDeclaration(rs.getString(1)), processDefinitionId)
        .stream().findFirst();
  }

  /** The process definition of the pipeline's latest version; empty if there is no such pipeline. */
  public Optional<String> latestProcessDefinitionId(String name) {
    return jdbc.query("SELECT v.process_definition_id FROM flowline_pipeline p JOIN flowline_pipeline_version v "
            + "ON v.pipeline_name = p.name AND v.version = p.latest_version WHERE p.name = ?",
        (rs, i) -> rs.getString(1), name).stream().findFirst();
  }

  public Optional<String> processDefinitionId(String name, int version) {
    return jdbc.query("SELECT process_definition_id FROM flowline_pipeline_version WHERE pipeline_name = ? AND version = ?",
        (rs, i) -> rs.getString(1), name, version).stream().findFirst();
  }

  public boolean exists(String name) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline WHERE name = ?", Integer.class, name);
    return count != null && count > 0;
  }

  public Optional<String> arn(String name) {
    return jdbc.query("SELECT pipeline_arn FROM flowline_pipeline WHERE name = ?", (rs, i) -> rs.getString(1), name)
        .stream().findFirst();
  }

  public Optional<String> nameOfArn(String arn) {
    return jdbc.query("SELECT name FROM flowline_pipeline WHERE pipeline_arn = ?", (rs, i) -> rs.getString(1), arn)
        .stream().findFirst();
  }

  @Override
  public List<PipelineSummary> list() {
    return jdbc.query("SELECT p.name, p.latest_version, p.created, p.updated, v.declaration "
            + "FROM flowline_pipeline p JOIN flowline_pipeline_version v "
            + "ON v.pipeline_name = p.name AND v.version = p.latest_version ORDER BY p.name",
        (rs, i) -> {
          PipelineDeclaration d = PipelineCodec.readDeclaration(rs.getString("declaration"));
          return new PipelineSummary(rs.getString("name"), rs.getInt("latest_version"), d.effectivePipelineType(),
              d.effectiveExecutionMode(), Instant.ofEpochMilli(rs.getLong("created")),
              Instant.ofEpochMilli(rs.getLong("updated")));
        });
  }
}

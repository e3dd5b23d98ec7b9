-- StartPipelineExecution's sourceRevisions (and a push's commit): which revision each source action must use.
ALTER TABLE flowline_pipeline_execution ADD COLUMN source_revision_overrides VARCHAR(20000);

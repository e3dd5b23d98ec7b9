-- Issue #16, "Speed with history": ListPipelineExecutions filtered by succeededInStage (the console's "Roll back to"
-- list) and the automatic rollback look for the newest executions that succeeded in a stage. They checked executions
-- newest first for such a success, so where a stage rarely succeeds (a Deploy that keeps failing) a page cost grew
-- with history. Each stage record now carries its execution's seq, and this index lists a stage's Succeeded records
-- newest execution first, so a page reads as many rows as it shows. The second index, ascending, serves the pages
-- above a cursor (H2 reads an index forwards only). execution_seq stays nullable: a stage record whose execution
-- is gone (retention and DeletePipeline remove both, so none should be) has no seq to take.
ALTER TABLE flowline_stage_execution ADD COLUMN execution_seq BIGINT;
UPDATE flowline_stage_execution SET execution_seq = (SELECT e.seq FROM flowline_pipeline_execution e
  WHERE e.id = flowline_stage_execution.pipeline_execution_id);
CREATE INDEX flowline_stage_succeeded ON flowline_stage_execution (pipeline_name, stage_name, status, execution_seq DESC);
CREATE INDEX flowline_stage_succeeded_up ON flowline_stage_execution (pipeline_name, stage_name, status, execution_seq);

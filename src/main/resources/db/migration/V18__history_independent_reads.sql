-- Issue #16, "Speed with history": the reads behind GetPipelineState and ListPipelineExecutions' first page look
-- up the newest rows through these indexes instead of numbering or sorting a pipeline's whole history. The newest
-- row comes first in each (descending columns), so H2, which reads an index forwards only, stops after one row
-- (or one page); PostgreSQL uses them the same way.
CREATE INDEX flowline_stage_recent ON flowline_stage_execution (pipeline_name, stage_name, start_time DESC, seq DESC);
CREATE INDEX flowline_action_recent ON flowline_action_execution (pipeline_name, stage_name, action_name, seq DESC);
CREATE INDEX flowline_execution_recent ON flowline_pipeline_execution (pipeline_name, seq DESC);

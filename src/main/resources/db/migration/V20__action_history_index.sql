-- Issue #16, "Speed with history": ListActionExecutions without an execution filter lists a pipeline's action
-- executions newest first and continues each page below the last one's seq (a keyset page). The newest row comes
-- first in this index, so H2, which reads an index forwards only, reads as many rows as a page shows instead of
-- sorting the pipeline's whole action history (the V1 index flowline_action_pipeline is ascending).
CREATE INDEX flowline_action_history ON flowline_action_execution (pipeline_name, seq DESC);

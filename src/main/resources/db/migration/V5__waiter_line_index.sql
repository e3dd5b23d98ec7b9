-- The stage gate reads the head (QUEUED) or the tail (SUPERSEDED) of a stage's line on every hand-over;
-- with this index that is one index probe however long the line is.
CREATE INDEX flowline_stage_waiter_line ON flowline_stage_waiter (pipeline_name, stage_name, seq);
-- Leaving every line of a cancelled execution.
CREATE INDEX flowline_stage_waiter_execution ON flowline_stage_waiter (pipeline_name, pipeline_execution_id);

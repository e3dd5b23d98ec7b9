-- RetryStageExecution: which stage of an execution is being retried and how; per-stage retry counters.
ALTER TABLE flowline_pipeline_execution ADD COLUMN retry_stage VARCHAR(100);
ALTER TABLE flowline_pipeline_execution ADD COLUMN retry_mode VARCHAR(20);
ALTER TABLE flowline_stage_execution ADD COLUMN manual_retry_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE flowline_stage_execution ADD COLUMN auto_retry_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE flowline_stage_execution ADD COLUMN latest_retry_trigger VARCHAR(30);

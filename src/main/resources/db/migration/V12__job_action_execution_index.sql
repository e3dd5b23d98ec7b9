-- Retention deletes the jobs of old action executions (RetentionCleanup); without this index each pass would scan
-- every job handed out.
CREATE INDEX flowline_job_action_execution ON flowline_job (action_execution_id);

-- The retention cleanup looks for ended executions by age; with this index that is a range scan, not a full scan.
CREATE INDEX flowline_execution_updated ON flowline_pipeline_execution (last_update_time);

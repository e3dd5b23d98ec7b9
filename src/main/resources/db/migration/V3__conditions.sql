-- Stage conditions (beforeEntry, onSuccess, onFailure): the latest evaluation per execution and stage.
CREATE TABLE flowline_condition_execution (
  pipeline_execution_id  VARCHAR(36)    NOT NULL,
  stage_name             VARCHAR(100)   NOT NULL,
  pipeline_name          VARCHAR(100)   NOT NULL,
  condition_type         VARCHAR(20)    NOT NULL,
  status                 VARCHAR(20)    NOT NULL,
  summary                VARCHAR(2048),
  rule_results           VARCHAR(100000),
  last_status_change     BIGINT         NOT NULL,
  PRIMARY KEY (pipeline_execution_id, stage_name, condition_type)
);
CREATE INDEX flowline_condition_stage ON flowline_condition_execution (pipeline_name, stage_name, last_status_change);

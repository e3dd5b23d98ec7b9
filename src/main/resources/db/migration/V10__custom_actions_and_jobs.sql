-- Custom action types (CreateCustomActionType) and the jobs handed to remote job workers (PollForJobs).
-- A deleted type keeps its row (deleted = TRUE): its version may never be reused, as in CodePipeline.

CREATE TABLE flowline_custom_action_type (
  category     VARCHAR(20)    NOT NULL,
  owner        VARCHAR(20)    NOT NULL,
  provider     VARCHAR(35)    NOT NULL,
  version      VARCHAR(9)     NOT NULL,
  definition   VARCHAR(100000) NOT NULL,
  deleted      BOOLEAN        NOT NULL,
  created      BIGINT         NOT NULL,
  updated      BIGINT         NOT NULL,
  PRIMARY KEY (category, owner, provider, version)
);

-- One row per job handed out. The external task's lock is the lease (worker_id is the lock owner); the
-- row adds what CodePipeline's protocol needs on top: the nonce, the job's status and its data.
CREATE TABLE flowline_job (
  id                   VARCHAR(36)     NOT NULL PRIMARY KEY,
  external_task_id     VARCHAR(64)     NOT NULL,
  worker_id            VARCHAR(100)    NOT NULL,
  action_execution_id  VARCHAR(36)     NOT NULL,
  action_type          VARCHAR(100)    NOT NULL,
  nonce                VARCHAR(50)     NOT NULL,
  status               VARCHAR(20)     NOT NULL,
  data                 VARCHAR(1000000) NOT NULL,
  access_key_id        VARCHAR(40)     NOT NULL,
  deadline             BIGINT          NOT NULL,
  action_deadline      BIGINT          NOT NULL,
  created              BIGINT          NOT NULL,
  updated              BIGINT          NOT NULL
);
CREATE INDEX flowline_job_status ON flowline_job (status, deadline);
CREATE INDEX flowline_job_task ON flowline_job (external_task_id);
CREATE UNIQUE INDEX flowline_job_access_key ON flowline_job (access_key_id);

-- CodeStar connections and hosts (issue 14), their tags, and the webhook deliveries already handled.
-- A connection's token is stored only as AES-GCM ciphertext (base64 of nonce + ciphertext + tag), under a key
-- that is not in the database (flowline.connections.key or <data-dir>/connections.key).

CREATE TABLE flowline_connection_host (
  host_id            VARCHAR(80)   NOT NULL PRIMARY KEY,
  name               VARCHAR(64)   NOT NULL,
  provider_type      VARCHAR(32)   NOT NULL,
  provider_endpoint  VARCHAR(512)  NOT NULL,
  vpc_configuration  VARCHAR(4000),
  created            BIGINT        NOT NULL
);
CREATE UNIQUE INDEX flowline_connection_host_name ON flowline_connection_host (name);

CREATE TABLE flowline_connection (
  connection_id     VARCHAR(36)   NOT NULL PRIMARY KEY,
  name              VARCHAR(32)   NOT NULL,
  provider_type     VARCHAR(32)   NOT NULL,
  host_id           VARCHAR(80),
  status            VARCHAR(16)   NOT NULL,
  token_user        VARCHAR(200),
  token_ciphertext  VARCHAR(8000),
  webhook_secret_ciphertext VARCHAR(1000),
  created           BIGINT        NOT NULL,
  updated           BIGINT        NOT NULL
);
CREATE UNIQUE INDEX flowline_connection_name ON flowline_connection (name);

CREATE TABLE flowline_connection_tag (
  resource_id  VARCHAR(80)   NOT NULL,
  tag_key      VARCHAR(128)  NOT NULL,
  tag_value    VARCHAR(256)  NOT NULL,
  PRIMARY KEY (resource_id, tag_key)
);

-- A redelivered webhook (same provider delivery id) starts nothing new: the insert of its id is the claim.
CREATE TABLE flowline_webhook_delivery (
  delivery_key  VARCHAR(300)  NOT NULL PRIMARY KEY,
  received      BIGINT        NOT NULL
);

-- CodePipeline's V1 webhooks (PutWebhook): the definition as given, but its SecretToken, which is kept only
-- encrypted (as connection tokens are); url_token is the secret-free path of the webhook's URL.
CREATE TABLE flowline_pipeline_webhook (
  name                 VARCHAR(100)   NOT NULL PRIMARY KEY,
  pipeline_name        VARCHAR(100)   NOT NULL,
  definition           VARCHAR(20000) NOT NULL,
  secret_ciphertext    VARCHAR(1000),
  url_token            VARCHAR(64)    NOT NULL,
  last_triggered       BIGINT,
  created              BIGINT         NOT NULL
);
CREATE UNIQUE INDEX flowline_pipeline_webhook_url ON flowline_pipeline_webhook (url_token);

-- Polling connections' branches (git ls-remote): the heads seen per source. Inserting (source, commit) is the
-- claim on that change, so two nodes polling the same source start one execution for it, not two.
CREATE TABLE flowline_source_poll (
  source_key  VARCHAR(700)  NOT NULL,
  commit_id   VARCHAR(64)   NOT NULL,
  seen        BIGINT        NOT NULL,
  PRIMARY KEY (source_key, commit_id)
);

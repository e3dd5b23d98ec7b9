-- A connection's or host's ARN carries the service prefix it was created under, as on AWS since CodeStar
-- connections became CodeConnections: codeconnections for one created through that service's API,
-- codestar-connections otherwise. Both forms name the same resource as input; this is the form it is answered in.
-- Every existing row was answered as codestar-connections, so that is what it keeps.
ALTER TABLE flowline_connection ADD COLUMN arn_service VARCHAR(32) DEFAULT 'codestar-connections' NOT NULL;
ALTER TABLE flowline_connection_host ADD COLUMN arn_service VARCHAR(32) DEFAULT 'codestar-connections' NOT NULL;

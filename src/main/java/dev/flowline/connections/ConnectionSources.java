package dev.flowline.connections;

import dev.flowline.actions.source.GitRemote;
import dev.flowline.actions.source.SourceConnections;
import dev.flowline.pipeline.CodePipelineException;
import java.util.Optional;

/**
 * The connection behind a source action, as a git remote; or, loudly, why it cannot be used and what completes
 * it (AWS's action fails without saying; Flowline names the connection and the step).
 */
public final class ConnectionSources implements SourceConnections {
  private final ConnectionStore store;

  public ConnectionSources(ConnectionStore store) {
    this.store = store;
  }

  @Override
  public GitRemote remote(String connectionArn, String fullRepositoryId) throws Unusable {
    if (store.idOf(connectionArn, "connection").isEmpty()) {
      throw new Unusable("ConnectionArn '" + connectionArn + "' is not a connection ARN of this account "
          + "(arn:aws:codeconnections:<region>:<account>:connection/<id>, or its codestar-connections form)");
    }
    Optional<Connection> found = store.connection(connectionArn);
    if (found.isEmpty()) {
      throw new Unusable("The connection " + connectionArn + " does not exist (was it deleted?). Create one with "
          + "'aws codestar-connections create-connection', give it a token with PUT /flowline/connections/<id>/token "
          + "(docs/connections.md), and set the action's ConnectionArn to it.");
    }
    Connection connection = found.get();
    Optional<ConnectionCredentials> credentials = connection.available() ? store.credentials(connection) : Optional.empty();
    if (credentials.isEmpty()) {
      throw new Unusable("The connection '" + connection.name() + "' (" + connection.arn() + ") is "
          + connection.status() + ", not AVAILABLE: complete it by giving it a " + connection.providerType()
          + " token with PUT /flowline/connections/" + connection.id() + "/token (docs/connections.md).");
    }
    String base;
    try {
      base = credentials.get().gitBaseUrl();
    } catch (CodePipelineException e) {
      throw new Unusable(e.getMessage());
    }
    String web = base + "/" + fullRepositoryId;
    return new GitRemote(web + ".git", credentials.get().user(), credentials.get().token(),
        "connection '" + connection.name() + "' (" + connection.arn() + ")", web);
  }
}

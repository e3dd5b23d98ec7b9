package dev.flowline.actions.aws;

import dev.flowline.actions.ActionResult;

/**
 * What an AWS action has once its preamble ran ({@link AwsClients#checked}): the client to call, or the
 * ConfigurationError that stops the action before any call.
 */
public record CheckedClient<C>(C client, ActionResult.Failed failure) {

  public boolean failed() {
    return failure != null;
  }
}

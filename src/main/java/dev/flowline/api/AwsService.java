package dev.flowline.api;

import dev.flowline.api.model.InputValidator;
import dev.flowline.api.model.ServiceModel;
import dev.flowline.api.sigv4.SigV4Verifier;

/**
 * One AWS JSON service served on {@code POST /}, chosen by the prefix of {@code X-Amz-Target}: its model,
 * the checks of its input shapes, the SigV4 verifier for its signing name, and its handlers.
 */
record AwsService(ServiceModel model, InputValidator validator, SigV4Verifier verifier, OperationRegistry registry) {

  String targetPrefix() {
    return model.targetPrefix();
  }
}

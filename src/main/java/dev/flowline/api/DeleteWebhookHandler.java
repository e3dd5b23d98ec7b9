package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.TagStore;
import dev.flowline.triggers.PipelineWebhooks;
import java.util.Map;
import org.springframework.stereotype.Component;

/** DeleteWebhook: the webhook's URL stops working at once; deleting one that does not exist is no error (as AWS). */
@Component
class DeleteWebhookHandler implements OperationHandler {
  private final PipelineWebhooks webhooks;
  private final Webhooks views;
  private final TagStore tags;

  DeleteWebhookHandler(PipelineWebhooks webhooks, Webhooks views, TagStore tags) {
    this.webhooks = webhooks;
    this.views = views;
    this.tags = tags;
  }

  @Override
  public String name() {
    return "DeleteWebhook";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String name = Inputs.text(input, "name");
    if (webhooks.delete(name)) {
      tags.untag(views.arn(name), tags.tags(views.arn(name)).stream().map(dev.flowline.pipeline.Tag::key).toList());
    }
    return Map.of();
  }
}

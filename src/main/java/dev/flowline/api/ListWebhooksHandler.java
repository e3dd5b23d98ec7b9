package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.triggers.PipelineWebhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** ListWebhooks: every V1 webhook by name, with its URL; never a SecretToken. MaxResults 1–100, default 100. */
@Component
class ListWebhooksHandler implements OperationHandler {
  private final PipelineWebhooks webhooks;
  private final Webhooks views;

  ListWebhooksHandler(PipelineWebhooks webhooks, Webhooks views) {
    this.webhooks = webhooks;
    this.views = views;
  }

  @Override
  public String name() {
    return "ListWebhooks";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String fingerprint = Paging.fingerprint(name());
    int offset = Paging.offset(Inputs.text(input, "NextToken"), fingerprint);
    int limit = Inputs.integer(input, "MaxResults", 100);
    Paging.Page<PipelineWebhooks.Webhook> page = Paging.pageOf(webhooks.list(), offset, limit, fingerprint);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("webhooks", page.items().stream().map(views::item).toList());
    if (page.nextToken() != null) {
      output.put("NextToken", page.nextToken());
    }
    return output;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.execution.TagStore;
import dev.flowline.triggers.PipelineWebhooks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** V1 webhooks as the API answers them ({@code ListWebhookItem}): definition without the secret, URL, ARN, tags. */
@Component
class Webhooks {
  private final ApiProperties properties;
  private final TagStore tags;

  Webhooks(ApiProperties properties, TagStore tags) {
    this.properties = properties;
    this.tags = tags;
  }

  String arn(String name) {
    return "arn:aws:codepipeline:" + properties.region() + ":" + properties.accountId() + ":webhook:" + name;
  }

  Map<String, Object> item(PipelineWebhooks.Webhook webhook) {
    Map<String, Object> item = new LinkedHashMap<>();
    ObjectNode definition = webhook.definition().deepCopy();
    item.put("definition", definition);
    item.put("url", ServletUriComponentsBuilder.fromCurrentContextPath().path("/webhooks/pipeline/" + webhook.urlToken())
        .toUriString());
    item.put("arn", arn(webhook.name()));
    if (webhook.lastTriggered() != null) {
      item.put("lastTriggered", Instant.ofEpochMilli(webhook.lastTriggered()));
    }
    var tagList = tags.tags(arn(webhook.name()));
    if (!tagList.isEmpty()) {
      item.put("tags", tagList);
    }
    return item;
  }
}

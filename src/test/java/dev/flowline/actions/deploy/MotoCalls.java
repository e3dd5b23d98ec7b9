package dev.flowline.actions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.artifacts.MotoServer;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/** Counts the calls of one AWS JSON operation moto received since {@link MotoServer#startRecording()}. */
final class MotoCalls {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MotoCalls() {}

  /** @param target the X-Amz-Target, e.g. {@code AmazonEC2ContainerServiceV20141113.UpdateService} */
  static long count(MotoServer moto, String target) throws IOException {
    long count = 0;
    for (String line : moto.recordedRequests()) {
      JsonNode headers = JSON.readTree(line).path("headers");
      for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        if (header.getKey().equalsIgnoreCase("X-Amz-Target") && header.getValue().asText().equals(target)) {
          count++;
        }
      }
    }
    return count;
  }
}

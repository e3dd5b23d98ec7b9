package dev.flowline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The JSON of the AWS JSON 1.1 protocol: strict reading (no duplicate keys, one value per body), writing
 * without null members and with timestamps as epoch seconds carrying milliseconds ({@code 1427245911.525}).
 */
final class ApiJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .addModule(new SimpleModule("aws-timestamps").addSerializer(Instant.class, new EpochSecondsSerializer()))
      .build();

  private ApiJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a request body; an empty body is {@code {}}. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return object();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.serialization("Malformed JSON request body: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw ApiException.serialization("Unreadable request body");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.serialization("The request body must be a JSON object");
    }
    return node;
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value == null ? object() : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise response", e);
    }
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  private static final class EpochSecondsSerializer extends StdSerializer<Instant> {
    EpochSecondsSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3).toPlainString());
    }
  }
}

package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ECS action's {@code imagedefinitions.json}: {@code [{"name": "<container>", "imageUri": "<image>"}, ...]},
 * at most 100 KB as AWS allows. Read as container name -> image; every problem names the file.
 */
final class ImageDefinitions {

  static final int MAX_BYTES = 100 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageDefinitions() {}

  /** Container name -> image URI, in file order. */
  static Map<String, String> parse(String fileName, String text) throws InvalidFileReference {
    if (text.length() > MAX_BYTES) {
      throw new InvalidFileReference("FileName: " + fileName + " is larger than 100 KB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference("FileName: " + fileName + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new InvalidFileReference("FileName: " + fileName
          + " must be a JSON array of {\"name\": \"<container>\", \"imageUri\": \"<image>\"}, with at least one");
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (JsonNode entry : root) {
      String name = entry.path("name").isTextual() ? entry.get("name").asText().strip() : "";
      String image = entry.path("imageUri").isTextual() ? entry.get("imageUri").asText().strip() : "";
      if (name.isEmpty() || image.isEmpty()) {
        throw new InvalidFileReference("FileName: every entry of " + fileName
            + " needs a non-empty \"name\" and \"imageUri\"; found " + entry);
      }
      if (images.put(name, image) != null) {
        throw new InvalidFileReference("FileName: " + fileName + " names container " + name + " twice");
      }
    }
    return images;
  }
}

package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a CloudFormation action hands to CloudFormation, read from its input artifacts: the template body of
 * {@code TemplatePath}, and the parameters and tags of {@code TemplateConfiguration} with
 * {@code ParameterOverrides} applied on top. Override values are strings or one of CodePipeline's two
 * functions: {@code {"Fn::GetArtifactAtt": ["Artifact", "BucketName|ObjectKey|URL"]}} and
 * {@code {"Fn::GetParam": ["Artifact", "file.json", "key"]}}.
 */
record StackInputs(String templateBody, Map<String, String> parameters, Map<String, String> tags) {

  /** CloudFormation's limit for a template passed in the request rather than from S3. */
  static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  static StackInputs read(CloudFormationConfig config, InputFiles files) throws IOException, InvalidFileReference {
    String body = null;
    if (config.templatePath() != null) {
      body = files.read("TemplatePath", config.templatePath());
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BODY_BYTES) {
        throw new InvalidFileReference("TemplatePath: " + config.templatePath() + " is larger than "
            + MAX_TEMPLATE_BODY_BYTES + " bytes, the most CloudFormation takes in a request");
      }
      JsonNode template = parse("TemplatePath", config.templatePath(), body);
      if (!template.isObject()) {
        throw new InvalidFileReference("TemplatePath: " + config.templatePath() + " is not a template (an object)");
      }
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    Map<String, String> tags = new LinkedHashMap<>();
    if (config.templateConfiguration() != null) {
      String text = files.read("TemplateConfiguration", config.templateConfiguration());
      JsonNode configuration = parse("TemplateConfiguration", config.templateConfiguration(), text);
      parameters.putAll(strings("TemplateConfiguration", configuration.path("Parameters")));
      tags.putAll(strings("TemplateConfiguration", configuration.path("Tags")));
    }
    if (config.parameterOverrides() != null) {
      JsonNode overrides;
      try {
        overrides = JSON.readTree(config.parameterOverrides());
      } catch (JsonProcessingException e) {
        throw new InvalidFileReference("ParameterOverrides is not valid JSON: " + e.getOriginalMessage());
      }
      if (!overrides.isObject()) {
        throw new InvalidFileReference("ParameterOverrides must be a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        parameters.put(entry.getKey(), value(entry.getKey(), entry.getValue(), files));
      }
    }
    return new StackInputs(body, parameters, tags);
  }

  private static String value(String parameter, JsonNode value, InputFiles files)
      throws IOException, InvalidFileReference {
    if (value.isValueNode()) {
      return value.asText();
    }
    String where = "ParameterOverrides." + parameter;
    if (value.has("Fn::GetArtifactAtt")) {
      JsonNode args = value.get("Fn::GetArtifactAtt");
      if (!args.isArray() || args.size() != 2) {
        throw new InvalidFileReference(where + ": Fn::GetArtifactAtt takes [artifact name, attribute]");
      }
      InputArtifactRef artifact = files.input(where, args.get(0).asText());
      String bucket = artifact.location().bucketName();
      String key = artifact.location().objectKey();
      return switch (args.get(1).asText()) {
        case "BucketName" -> bucket;
        case "ObjectKey" -> key;
        case "URL" -> "https://" + bucket + ".s3.amazonaws.com/" + key;
        default -> throw new InvalidFileReference(where + ": Fn::GetArtifactAtt attribute '" + args.get(1).asText()
            + "' is not one of BucketName, ObjectKey, URL");
      };
    }
    if (value.has("Fn::GetParam")) {
      JsonNode args = value.get("Fn::GetParam");
      if (!args.isArray() || args.size() != 3) {
        throw new InvalidFileReference(where + ": Fn::GetParam takes [artifact name, JSON file, key]");
      }
      String artifact = args.get(0).asText();
      String file = args.get(1).asText();
      JsonNode json = parse(where, artifact + "::" + file, files.read(where, artifact, file));
      JsonNode found = json.get(args.get(2).asText());
      if (found == null || !found.isValueNode()) {
        throw new InvalidFileReference(where + ": Fn::GetParam found no value '" + args.get(2).asText() + "' in "
            + artifact + "::" + file);
      }
      return found.asText();
    }
    throw new InvalidFileReference(where + " must be a string, Fn::GetArtifactAtt or Fn::GetParam");
  }

  private static Map<String, String> strings(String key, JsonNode object) throws InvalidFileReference {
    Map<String, String> values = new LinkedHashMap<>();
    if (object.isMissingNode() || object.isNull()) {
      return values;
    }
    if (!object.isObject()) {
      throw new InvalidFileReference(key + ": Parameters and Tags must be objects of names to values");
    }
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  /** JSON or YAML (CloudFormation's short-form tags such as {@code !Ref} included). */
  private static JsonNode parse(String key, String file, String text) throws InvalidFileReference {
    try {
      JsonNode node = text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidFileReference(key + ": " + file + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference(key + ": " + file + " is not valid JSON or YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
  }
}

package dev.flowline.actions.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * CodePipeline's ECR source action, {@code Source/AWS/ECR/1}: the image tagged {@code ImageTag} (default
 * {@code latest}) in {@code RepositoryName}, or the {@code IMAGE_DIGEST} source revision the execution was
 * started with. The revision is the image digest; the output artifact holds {@code imageDetail.json} as AWS
 * writes it (ImageSizeInBytes, ImageDigest, Version, ImagePushedAt, RegistryId, RepositoryName, ImageURI,
 * ImageTags); the variables are RegistryId, RepositoryName, ImageTag, ImageDigest and ImageURI. A missing
 * repository or image is a configuration error. Reading has no side effect, so a repeated call reads again.
 */
public final class EcrSourceExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Source", "AWS", "ECR", "1"),
      0, 0, 1, 1, List.of(
          ConfigurationProperty.required("RepositoryName", "The ECR repository"),
          ConfigurationProperty.optional("ImageTag", "The image tag (default latest)")),
      false, Duration.ofHours(1));

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final AwsClients clients;

  public EcrSourceExecutor(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "RepositoryName");
    if (missing.isPresent()) {
      return missing.get();
    }
    String repository = job.config("RepositoryName");
    String tag = ActionConfig.optional(job, "ImageTag", "latest");
    ImageIdentifier wanted = job.sourceRevision("IMAGE_DIGEST")
        .map(digest -> ImageIdentifier.builder().imageDigest(digest).build())
        .orElse(ImageIdentifier.builder().imageTag(tag).build());
    EcrClient client;
    ImageDetail image;
    try {
      client = clients.client("ecr", EcrClient::builder, job);
      List<ImageDetail> found = client.describeImages(b -> b.repositoryName(repository.strip()).imageIds(wanted))
          .imageDetails();
      if (found.isEmpty()) {
        return ActionResult.Failed.configurationError("No image " + describe(wanted) + " in repository " + repository);
      }
      image = found.get(0);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (RepositoryNotFoundException | ImageNotFoundException e) {
      return ActionResult.Failed.configurationError(AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed("Error calling ECR: " + AwsErrors.message(e));
    }
    String region = clients.region(job);
    String uri = image.registryId() + ".dkr.ecr." + region + ".amazonaws.com/" + image.repositoryName() + "@"
        + image.imageDigest();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("ImageSizeInBytes", image.imageSizeInBytes() == null ? null : String.valueOf(image.imageSizeInBytes()));
    detail.put("ImageDigest", image.imageDigest());
    detail.put("Version", "1.0");
    detail.put("ImagePushedAt", image.imagePushedAt() == null ? null : image.imagePushedAt().toString());
    detail.put("RegistryId", image.registryId());
    detail.put("RepositoryName", image.repositoryName());
    detail.put("ImageURI", uri);
    detail.put("ImageTags", image.hasImageTags() ? image.imageTags() : List.of());
    Path directory = Files.createDirectories(context.workspace().resolve("image"));
    Files.write(directory.resolve("imageDetail.json"), JSON.writeValueAsBytes(detail));
    Path zip = context.workspace().resolve("image.zip");
    Zips.zip(directory, zip);
    String imageTag = job.sourceRevision("IMAGE_DIGEST").isPresent() && image.hasImageTags()
        && !image.imageTags().isEmpty() ? image.imageTags().get(0) : tag;
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("RegistryId", image.registryId());
    variables.put("RepositoryName", image.repositoryName());
    variables.put("ImageTag", imageTag);
    variables.put("ImageDigest", image.imageDigest());
    variables.put("ImageURI", uri);
    context.log().println("[Flowline] " + image.repositoryName() + ":" + imageTag + " is " + image.imageDigest());
    return new ActionResult.Succeeded(Map.of(job.outputArtifacts().get(0).name(), zip), variables,
        "Image " + image.repositoryName() + ":" + imageTag, image.imageDigest(), null,
        new ActionResult.Revision(image.imageDigest(), image.imageDigest(), image.repositoryName() + ":" + imageTag,
            null));
  }

  private static String describe(ImageIdentifier id) {
    return id.imageDigest() != null ? "with digest " + id.imageDigest() : "tagged " + id.imageTag();
  }
}

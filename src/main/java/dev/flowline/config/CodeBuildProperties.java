package dev.flowline.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.codebuild.*}: where CodeBuild actions run.
 * <ul>
 *   <li>{@code endpoint} (a URL) or {@code use-aws=true}: on AWS CodeBuild (or the endpoint), in {@code region}
 *       (default {@code flowline.region}), with the SDK's default credentials chain, checking running builds
 *       every {@code recheck-after} (default 10 s). Otherwise: the local runner (the default).</li>
 *   <li>{@code projects.<ProjectName>.buildspec}: for the local runner, the buildspec of a project: a path
 *       inside the primary source (default {@code buildspec.yml}) or the buildspec itself (inline YAML).
 *       Project names with characters other than letters, digits and '-' are written in brackets:
 *       {@code projects[my_project].buildspec}.</li>
 * </ul>
 */
@ConfigurationProperties("flowline.codebuild")
public record CodeBuildProperties(
    String endpoint,
    @DefaultValue("false") boolean useAws,
    String region,
    @DefaultValue("10s") Duration recheckAfter,
    Map<String, Project> projects) {

  /** The settings of one CodeBuild project. */
  public record Project(String buildspec) {}

  boolean usesAws() {
    return useAws || (endpoint != null && !endpoint.isBlank());
  }

  URI endpointUri() {
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
  }

  /** Project name -> configured buildspec, for the projects that configure one. */
  Map<String, String> buildspecs() {
    Map<String, String> buildspecs = new LinkedHashMap<>();
    if (projects != null) {
      projects.forEach((name, project) -> {
        if (project != null && project.buildspec() != null && !project.buildspec().isBlank()) {
          buildspecs.put(name, project.buildspec());
        }
      });
    }
    return buildspecs;
  }
}

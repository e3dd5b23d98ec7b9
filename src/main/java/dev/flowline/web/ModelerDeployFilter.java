package dev.flowline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.compiler.BpmnContract;
import dev.flowline.compiler.BpmnShapeException;
import dev.flowline.compiler.PipelineBpmnReader;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.ModelerDeployments;
import dev.flowline.engine.Permission;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineFormatException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda Modeler's <em>Deploy</em> button: {@code POST /engine-rest/deployment/create}, multipart with
 * {@code deployment-name}, {@code deployment-source}, {@code deploy-changed-only}, optionally {@code tenant-id},
 * and the .bpmn file. When the file holds a Flowline pipeline (see docs/mapping.md) it becomes CreatePipeline or
 * UpdatePipeline through {@link ModelerDeployments}, for a caller with {@link Permission#EDIT}; refusals answer in
 * Camunda REST's error shape {@code {"type": ..., "message": ...}}, which the Modeler shows. Any other deployment
 * goes on, untouched, to Camunda's REST API, where Camunda's authorizations decide (administrators).
 *
 * <p>Runs after Camunda's authentication filter, which has logged the caller in (HTTP Basic).
 */
final class ModelerDeployFilter extends OncePerRequestFilter {

  /** The largest deployment request read; a pipeline's BPMN is a few hundred kilobytes at most. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final Pattern CREATE = Pattern.compile("/engine-rest(/engine/[^/]+)?/deployment/create/?");
  private static final Pattern PIPELINE_HINT = Pattern.compile(Pattern.quote(BpmnContract.PIPELINE_PREFIX)
      + "|id=\"" + Pattern.quote(BpmnContract.PROCESS_KEY_PREFIX));
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ModelerDeployments deployments;
  private final AccessControl access;

  ModelerDeployFilter(ModelerDeployments deployments, AccessControl access) {
    this.deployments = deployments;
    this.access = access;
  }

  private record Upload(Map<String, String> fields, List<Resource> resources) {}

  private record Resource(String name, byte[] bytes) {}

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String type = request.getContentType();
    return !"POST".equals(request.getMethod()) || !CREATE.matcher(path).matches()
        || type == null || !type.toLowerCase().startsWith("multipart/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
    if (body == null) {
      error(response, 413, "InvalidRequestException", "The deployment is larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Upload upload;
    try {
      upload = parse(body, request.getContentType(), request.getCharacterEncoding());
    } catch (FileUploadException e) {
      chain.doFilter(new CachedBody(request, body), response); // Camunda answers its own parse error
      return;
    }
    List<Resource> pipelines = upload.resources().stream().filter(ModelerDeployFilter::isPipeline).toList();
    if (pipelines.isEmpty()) {
      chain.doFilter(new CachedBody(request, body), response);
      return;
    }
    String user = access.currentUser().orElse(null);
    if (user == null || !access.permits(user, Permission.EDIT)) {
      error(response, 403, "AuthorizationException", "The user '" + user + "' may not deploy the Flowline pipeline "
          + "in '" + pipelines.get(0).name() + "': creating and updating pipelines needs the pipeline editors' role "
          + "(or administrators')");
      return;
    }
    if (upload.resources().size() != 1) {
      error(response, 400, "InvalidRequestException", "A deployment of a Flowline pipeline holds its one .bpmn file "
          + "and nothing else; this one holds " + upload.resources().size() + " resources");
      return;
    }
    String tenant = upload.fields().get("tenant-id");
    if (tenant != null && !tenant.isBlank()) {
      error(response, 400, "InvalidRequestException", "Flowline pipelines belong to no tenant: leave the tenant id "
          + "empty (it was '" + tenant + "')");
      return;
    }
    try {
      ModelerDeployments.Deployed deployed = deployments.deploy(pipelines.get(0).bytes(),
          "true".equalsIgnoreCase(upload.fields().get("deploy-changed-only")));
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      JSON.writeValue(response.getOutputStream(), answer(request, deployed));
    } catch (CodePipelineException e) {
      error(response, 400, e.errorType(), e.getMessage());
    } catch (PipelineFormatException e) {
      error(response, 400, BpmnShapeException.ERROR_TYPE, e.getMessage());
    }
  }

  /** A .bpmn resource holding a pipeline process; a malformed one that looks like Flowline's too, to say why. */
  private static boolean isPipeline(Resource resource) {
    if (!resource.name().endsWith(".bpmn") && !resource.name().endsWith(".bpmn20.xml")) {
      return false;
    }
    try {
      return !PipelineBpmnReader.pipelineProcesses(PipelineBpmnReader.parse(resource.bytes())).isEmpty();
    } catch (BpmnShapeException malformed) {
      return PIPELINE_HINT.matcher(new String(resource.bytes(), StandardCharsets.UTF_8)).find();
    }
  }

  /** Camunda's DeploymentWithDefinitionsDto, for the deployment that holds Flowline's compilation. */
  private static ObjectNode answer(HttpServletRequest request, ModelerDeployments.Deployed d) {
    SimpleDateFormat camundaDate = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    camundaDate.setTimeZone(TimeZone.getTimeZone("UTC"));
    ObjectNode out = JSON.createObjectNode();
    String base = request.getRequestURL().toString().replaceFirst("/deployment/create/?$", "");
    out.putArray("links").addObject().put("method", "GET").put("href", base + "/deployment/" + d.deploymentId())
        .put("rel", "self");
    out.put("id", d.deploymentId());
    out.put("name", d.deploymentName());
    out.put("source", d.deploymentSource());
    out.put("deploymentTime", camundaDate.format(Date.from(d.deploymentTime())));
    out.putNull("tenantId");
    ObjectNode definition = out.putObject("deployedProcessDefinitions").putObject(d.processDefinitionId());
    definition.put("id", d.processDefinitionId());
    definition.put("key", d.processDefinitionKey());
    definition.put("category", "http://bpmn.io/schema/bpmn");
    definition.putNull("description");
    definition.put("name", d.processDefinitionName());
    definition.put("version", d.processDefinitionVersion());
    definition.put("resource", d.resourceName());
    definition.put("deploymentId", d.deploymentId());
    definition.putNull("diagram");
    definition.put("suspended", false);
    definition.putNull("tenantId");
    definition.put("versionTag", d.versionTag());
    definition.put("startableInTasklist", true);
    out.putNull("deployedCaseDefinitions");
    out.putNull("deployedDecisionDefinitions");
    out.putNull("deployedDecisionRequirementsDefinitions");
    out.putObject("flowline").put("pipelineName", d.pipelineName()).put("pipelineVersion", d.pipelineVersion())
        .put("operation", d.created() ? "CreatePipeline" : "UpdatePipeline");
    return out;
  }

  private static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    ObjectNode body = JSON.createObjectNode().put("type", type).put("message", message);
    JSON.writeValue(response.getOutputStream(), body);
  }

  private static Upload parse(byte[] body, String contentType, String encoding) throws FileUploadException, IOException {
    FileUpload upload = new FileUpload();
    upload.setHeaderEncoding(StandardCharsets.UTF_8.name());
    FileItemIterator items = upload.getItemIterator(new UploadContext() {
      @Override
      public long contentLength() {
        return body.length;
      }

      @Override
      public String getCharacterEncoding() {
        return encoding;
      }

      @Override
      public String getContentType() {
        return contentType;
      }

      @Override
      @Deprecated
      public int getContentLength() {
        return body.length;
      }

      @Override
      public InputStream getInputStream() {
        return new ByteArrayInputStream(body);
      }
    });
    Map<String, String> fields = new LinkedHashMap<>();
    List<Resource> resources = new ArrayList<>();
    while (items.hasNext()) {
      FileItemStream item = items.next();
      byte[] content;
      try (InputStream in = item.openStream()) {
        content = in.readAllBytes();
      }
      // as Camunda's REST API: a part with a file name is a resource, named by it
      if (item.isFormField() && item.getName() == null) {
        fields.put(item.getFieldName(), new String(content, StandardCharsets.UTF_8));
      } else {
        resources.add(new Resource(item.getName() != null ? item.getName() : item.getFieldName(), content));
      }
    }
    return new Upload(fields, resources);
  }

  /** Null when the stream holds more than {@code limit} bytes. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      out.write(buffer, 0, n);
      if (out.size() > limit) {
        return null;
      }
    }
    return out.toByteArray();
  }

  /** The request again, its body read from memory, for Camunda's REST API behind this filter. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous only");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

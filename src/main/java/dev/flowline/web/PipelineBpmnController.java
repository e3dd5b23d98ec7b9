package dev.flowline.web;

import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.StoredPipeline;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The BPMN of a pipeline, to open in Camunda Modeler: {@code GET /flowline/pipelines/{name}/bpmn} (latest
 * version, or {@code ?version=N}) answers Flowline's compilation of the stored declaration, which carries the
 * whole declaration except secret configuration (docs/mapping.md), so it can be edited and deployed back.
 * The caller is logged in by Camunda's authentication filter (HTTP Basic, or an API key's user) and needs
 * {@link Permission#READ}; without it the answer is 403, decided before the pipeline is looked up.
 */
@RestController
class PipelineBpmnController {

  private static final MediaType XML = new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8);
  private final PipelineQueries pipelines;
  private final PipelineCompiler compiler;
  private final AccessControl access;

  PipelineBpmnController(PipelineQueries pipelines, PipelineCompiler compiler, AccessControl access) {
    this.pipelines = pipelines;
    this.compiler = compiler;
    this.access = access;
  }

  @GetMapping("/flowline/pipelines/{name}/bpmn")
  ResponseEntity<String> bpmn(@PathVariable String name, @RequestParam Optional<Integer> version) {
    if (!access.currentUser().map(user -> access.permits(user, Permission.READ)).orElse(false)) {
      return text(HttpStatus.FORBIDDEN, "Reading pipelines needs the readers' role (or any role above it)\n");
    }
    if (version.isPresent() && version.get() < 1) {
      return text(HttpStatus.BAD_REQUEST, "version must be 1 or more\n");
    }
    Optional<StoredPipeline> pipeline = pipelines.find(name, version.orElse(null));
    if (pipeline.isEmpty()) {
      return text(HttpStatus.NOT_FOUND, "No pipeline '" + name + "'"
          + version.map(v -> " with version " + v).orElse("") + "\n");
    }
    String file = PipelineCompiler.processKey(name) + ".bpmn";
    return ResponseEntity.ok()
        .contentType(XML)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
        .header("X-Flowline-Pipeline-Version", String.valueOf(pipeline.get().version()))
        .body(compiler.compile(pipeline.get().declaration()).xml());
  }

  private static ResponseEntity<String> text(HttpStatus status, String message) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
  }
}

package dev.flowline.web;

import dev.flowline.execution.HistoryPage;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.notify.NotificationDeliveries;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's pages, the CodePipeline console's: the pipelines, a pipeline, its execution history and an
 * execution. Each page has a {@code /live} fragment that the page polls (htmx) to stay current without a reload.
 * Every page needs {@link dev.flowline.engine.Permission#READ}; without it the answer is 404, as for a pipeline
 * that does not exist, so a page tells a user without the role nothing about which pipelines exist.
 */
@Controller
class ConsoleController {
  private final ConsoleViews views;
  private final NotificationDeliveries deliveries;

  ConsoleController(ConsoleViews views, NotificationDeliveries deliveries) {
    this.deliveries = deliveries;
    this.views = views;
  }

  @GetMapping({"/", "/console", "/console/pipelines"})
  String pipelines(@RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    model.addAttribute("rows", readable(user) ? views.pipelineRows() : List.of());
    return "console/pipelines";
  }

  @GetMapping("/console/live")
  String pipelinesLive(@RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    pipelines(user, model);
    return "console/pipelines :: live";
  }

  @GetMapping("/console/pipelines/{name}")
  String pipeline(@PathVariable String name, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model) {
    requireRead(user);
    model.addAttribute("view", views.pipeline(name).orElseThrow(ConsoleController::notFound));
    // the notification delivery history (issue 16 item 3), read-only, for whoever may read the pipeline
    model.addAttribute("deliveries", deliveries.recent(name, 20));
    return "console/pipeline";
  }

  @GetMapping("/console/pipelines/{name}/live")
  String pipelineLive(@PathVariable String name, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model) {
    pipeline(name, user, model);
    return "console/pipeline :: live";
  }

  /**
   * The execution history, {@link ConsoleViews#HISTORY_PAGE} a page; {@code cursor} is the opaque position an
   * Older or Newer link carries, so a page deep in a long history costs what the newest does.
   */
  @GetMapping("/console/pipelines/{name}/executions")
  String history(@PathVariable String name, @RequestParam(required = false) String cursor,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    requireRead(user);
    HistoryPage<PipelineExecutionSummary> page;
    try {
      page = views.history(name, cursor).orElseThrow(ConsoleController::notFound);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String scope = ConsoleViews.historyScope(name);
    model.addAttribute("name", name);
    model.addAttribute("cursor", cursor);
    model.addAttribute("older", page.older() == null ? null : page.older().token(scope));
    model.addAttribute("newer", page.newer() == null ? null : page.newer().token(scope));
    model.addAttribute("executions", page.items());
    return "console/history";
  }

  @GetMapping("/console/pipelines/{name}/executions/live")
  String historyLive(@PathVariable String name, @RequestParam(required = false) String cursor,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    history(name, cursor, user, model);
    return "console/history :: live";
  }

  @GetMapping("/console/pipelines/{name}/executions/{executionId}")
  String execution(@PathVariable String name, @PathVariable String executionId,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    requireRead(user);
    model.addAttribute("name", name);
    model.addAttribute("view", views.execution(name, executionId).orElseThrow(ConsoleController::notFound));
    return "console/execution";
  }

  @GetMapping("/console/pipelines/{name}/executions/{executionId}/live")
  String executionLive(@PathVariable String name, @PathVariable String executionId,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) {
    execution(name, executionId, user, model);
    return "console/execution :: live";
  }

  /** The execution's process instance in Cockpit (looked up on the click: the pages poll, Cockpit is rarely opened). */
  @GetMapping("/console/pipelines/{name}/executions/{executionId}/cockpit")
  String cockpit(@PathVariable String name, @PathVariable String executionId,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user) {
    requireRead(user);
    views.execution(name, executionId).orElseThrow(ConsoleController::notFound);
    return "redirect:" + views.cockpitUrl(executionId).orElseThrow(ConsoleController::notFound);
  }

  private static boolean readable(ConsoleUser user) {
    return user.canRead();
  }

  static void requireRead(ConsoleUser user) {
    if (!user.canRead()) {
      throw notFound();
    }
  }

  static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such page");
  }
}

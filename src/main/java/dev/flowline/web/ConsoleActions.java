package dev.flowline.web;

import dev.flowline.engine.AccessControl;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.Permission;
import dev.flowline.engine.StartRequest;
import dev.flowline.pipeline.CodePipelineException;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The console's buttons. Each checks the user's role as the API does for the same operation
 * (api/OperationPermissions), then calls the same {@link ExecutionService} as the API, so the API, the console
 * and Cockpit always agree. A refusal (no role, or the engine's CodePipeline error, e.g. a stage that is not in a
 * state to retry) answers the pipeline page with the message and changes nothing; a success redirects back to the
 * page (post/redirect/get) with what was done.
 */
@Controller
class ConsoleActions {
  private static final Logger log = LoggerFactory.getLogger(ConsoleActions.class);
  private static final int MAX_TEXT = 2048;
  private final ExecutionService executions;
  private final AccessControl access;
  private final ConsoleController pages;
  private final String accountId;

  ConsoleActions(ExecutionService executions, AccessControl access, ConsoleController pages,
      @Value("${flowline.account-id:123456789012}") String accountId) {
    this.executions = executions;
    this.access = access;
    this.pages = pages;
    this.accountId = accountId;
  }

  /** A refused button: the message the page shows and the status the page is answered with. */
  private static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @PostMapping("/console/pipelines/{name}/release")
  String release(@PathVariable String name, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model, RedirectAttributes redirect, HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      require(user, Permission.OPERATE, "release a change");
      String id = executions.start(name, StartRequest.manual(who(user)));
      return "Released a change: execution " + id + " started.";
    });
  }

  @PostMapping("/console/pipelines/{name}/stop")
  String stop(@PathVariable String name, @RequestParam String executionId,
      @RequestParam(defaultValue = "false") boolean abandon, @RequestParam(defaultValue = "") String reason,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model, RedirectAttributes redirect,
      HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      require(user, Permission.OPERATE, "stop an execution");
      executions.stop(name, executionId, abandon, text(reason, "reason"));
      return (abandon ? "Stopping and abandoning execution " : "Stopping execution ") + executionId
          + (abandon ? "." : ": its running actions finish first.");
    });
  }

  @PostMapping("/console/pipelines/{name}/stages/{stage}/retry")
  String retry(@PathVariable String name, @PathVariable String stage, @RequestParam String executionId,
      @RequestParam(defaultValue = "FAILED_ACTIONS") String retryMode,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model, RedirectAttributes redirect,
      HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      require(user, Permission.OPERATE, "retry a stage");
      if (!"FAILED_ACTIONS".equals(retryMode) && !"ALL_ACTIONS".equals(retryMode)) {
        throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "Retry failed actions or all actions.");
      }
      executions.retryStage(name, stage, executionId, retryMode);
      return "Retrying stage " + stage + " of execution " + executionId + " ("
          + ("ALL_ACTIONS".equals(retryMode) ? "all actions" : "failed actions") + ").";
    });
  }

  @PostMapping("/console/pipelines/{name}/stages/{stage}/rollback")
  String rollback(@PathVariable String name, @PathVariable String stage,
      @RequestParam String targetExecutionId, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model, RedirectAttributes redirect, HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      require(user, Permission.OPERATE, "roll back a stage");
      String id = executions.rollbackStage(name, stage, targetExecutionId);
      return "Rolling back stage " + stage + " to execution " + targetExecutionId + ": execution " + id + " started.";
    });
  }

  @PostMapping("/console/pipelines/{name}/stages/{stage}/transition")
  String transition(@PathVariable String name, @PathVariable String stage, @RequestParam boolean enable,
      @RequestParam(defaultValue = "") String reason, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model, RedirectAttributes redirect, HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      require(user, Permission.OPERATE, enable ? "enable a transition" : "disable a transition");
      if (enable) {
        executions.enableTransition(name, stage, "Inbound", who(user));
        return "Enabled the transition into " + stage + ".";
      }
      if (reason.isBlank()) {
        throw new Refused(HttpServletResponse.SC_BAD_REQUEST,
            "Say why you disable the transition into " + stage + ": the reason is required.");
      }
      executions.disableTransition(name, stage, "Inbound", text(reason, "reason"), who(user));
      return "Disabled the transition into " + stage + ".";
    });
  }

  @PostMapping("/console/pipelines/{name}/stages/{stage}/actions/{action}/approval")
  String approval(@PathVariable String name, @PathVariable String stage, @PathVariable String action,
      @RequestParam String token, @RequestParam String decision, @RequestParam(defaultValue = "") String summary,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model, RedirectAttributes redirect,
      HttpServletResponse response) {
    return act(name, user, model, redirect, response, () -> {
      if (!access.mayApprove(user.id(), name, token)) {
        throw new Refused(HttpServletResponse.SC_FORBIDDEN, "You (" + user.id() + ") may not answer this approval: "
            + "it needs the approvers' role or to be one of its candidates.");
      }
      String status = switch (decision) {
        case "Approved", "Rejected" -> decision;
        default -> throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "Choose Approve or Reject.");
      };
      executions.putApprovalResult(name, stage, action, token, status, text(summary, "summary"), who(user));
      return ("Approved".equals(status) ? "Approved " : "Rejected ") + stage + " / " + action + ".";
    });
  }

  private String act(String name, ConsoleUser user, Model model, RedirectAttributes redirect,
      HttpServletResponse response, Supplier<String> action) {
    try {
      redirect.addFlashAttribute("message", action.get());
      return "redirect:/console/pipelines/" + pathSegment(name);
    } catch (Refused e) {
      response.setStatus(e.status);
      model.addAttribute("error", e.getMessage());
    } catch (CodePipelineException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("error", e.getMessage());
    }
    log.info("Console: {} was refused an action on pipeline {}: {}", user.id(), name, model.getAttribute("error"));
    return pages.pipeline(name, user, model);
  }

  private void require(ConsoleUser user, Permission permission, String what) {
    if (!access.permits(user.id(), permission)) {
      throw new Refused(HttpServletResponse.SC_FORBIDDEN, "You (" + user.id() + ") may not " + what + ": it needs the "
          + (permission == Permission.OPERATE ? "operators'" : permission.name().toLowerCase()) + " role. Nothing was changed.");
    }
  }

  private String who(ConsoleUser user) {
    return "arn:aws:iam::" + accountId + ":user/" + user.id();
  }

  private static String text(String value, String field) {
    if (value.length() > MAX_TEXT) {
      throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "The " + field + " is at most " + MAX_TEXT + " characters.");
    }
    return value.strip();
  }

  static String pathSegment(String name) {
    return UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
  }
}

package dev.flowline.config;

import java.util.Locale;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.form.engine.HtmlFormEngine;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * Camunda's generated-form renderer (what Tasklist shows for a task without a form key), plus, on an approval's
 * form, a line of real links: the approval's ExternalEntityLink and the pipeline's console page. Tasklist shows
 * the task's description and the read-only fields as plain text, so this is the one place a link can be drawn
 * without replacing the generated form (and its required Decision). Only http(s) URLs become links; the text of
 * the links is fixed, and braces are percent-encoded so Tasklist's AngularJS never reads an expression in them.
 */
class ApprovalFormEngine extends HtmlFormEngine {
  /** The execution variable ActionLifecycle sets on an approval: the path of the pipeline's console page. */
  static final String CONSOLE_LINK = "approvalConsoleLink";

  @Override
  public Object renderTaskForm(TaskFormData taskForm) {
    Object rendered = super.renderTaskForm(taskForm);
    if (!(rendered instanceof String html) || !isApproval(taskForm)) {
      return rendered;
    }
    String links = links(externalLink(taskForm), consoleLink(taskForm));
    int form = html.indexOf("<form");
    int end = form < 0 ? -1 : html.indexOf('>', form);
    return links.isEmpty() || end < 0 ? html : html.substring(0, end + 1) + "\n" + links + html.substring(end + 1);
  }

  /** The links block, empty when neither link is safe to show. */
  static String links(String external, String console) {
    StringBuilder out = new StringBuilder();
    String safeExternal = safeHttp(external);
    if (safeExternal != null) {
      out.append("<a class=\"flowline-external-link\" target=\"_blank\" rel=\"noopener noreferrer\" href=\"")
          .append(attribute(safeExternal)).append("\">Review the change (ExternalEntityLink)</a>");
    }
    if (console != null && console.startsWith("/console/pipelines/")) {
      if (out.length() > 0) {
        out.append(" · ");
      }
      out.append("<a class=\"flowline-console-link\" target=\"_blank\" rel=\"noopener\" href=\"")
          .append(attribute(console)).append("\">Open the pipeline in the Flowline console</a>");
    }
    return out.length() == 0 ? "" : "<div class=\"form-group flowline-approval-links\"><p class=\"form-control-static\">"
        + out + "</p></div>";
  }

  static String safeHttp(String url) {
    if (url == null) {
      return null;
    }
    String stripped = url.strip();
    String lower = stripped.toLowerCase(Locale.ROOT);
    boolean http = lower.startsWith("https://") || lower.startsWith("http://");
    return http && stripped.chars().noneMatch(c -> c <= ' ') ? stripped : null;
  }

  private static String attribute(String url) {
    return url.replace("&", "&amp;").replace("\"", "%22").replace("'", "%27").replace("<", "%3C")
        .replace(">", "%3E").replace("{", "%7B").replace("}", "%7D");
  }

  private static boolean isApproval(TaskFormData taskForm) {
    return field(taskForm, "decision") != null && field(taskForm, "approvalLink") != null;
  }

  private static String externalLink(TaskFormData taskForm) {
    FormField link = field(taskForm, "approvalLink");
    Object value = link.getValue() == null ? null : link.getValue().getValue();
    return value == null ? null : value.toString();
  }

  private static String consoleLink(TaskFormData taskForm) {
    if (taskForm.getTask() instanceof TaskEntity task && task.getExecution() != null) {
      Object value = task.getExecution().getVariable(CONSOLE_LINK);
      return value == null ? null : value.toString();
    }
    return null;
  }

  private static FormField field(TaskFormData taskForm, String id) {
    return taskForm.getFormFields().stream().filter(f -> id.equals(f.getId())).findFirst().orElse(null);
  }
}

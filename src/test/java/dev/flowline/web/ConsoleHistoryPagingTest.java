package dev.flowline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.HistoryFill;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.pipeline.PipelineCodec;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's execution history pages by position, on the same keyset reads as ListPipelineExecutions: its Older
 * links walk the history once while executions start between pages, Newer leads back to the same page, and a link
 * whose cursor was edited is a 400, not a page of something else.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHistoryPagingTest {
  private static final Pattern ROW = Pattern.compile("data-execution=\"([0-9a-f-]{36})\"");
  private static final HistoryFill.Shape SHAPE = new HistoryFill.Shape("Source", "Source", "Approve", "Approve");

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired ExecutionRecords records;
  @Autowired PlatformTransactionManager transactions;

  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final String name = "console-history-" + Long.toHexString(System.nanoTime());
  private HistoryFill fill;

  @BeforeAll
  void pipelineWithHistoryAndLogin() throws Exception {
    ConsolePipelines.putSource("src-" + name);
    pipelines.create(PipelineCodec.read("""
        {"pipeline": {"name": "%1$s", "roleArn": "arn:aws:iam::123456789012:role/console",
          "artifactStore": {"type": "S3", "location": "flowline-artifacts"},
          "stages": [
            {"name": "Source", "actions": [{"name": "Source",
              "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
              "configuration": {"S3Bucket": "src-%1$s", "S3ObjectKey": "app.zip", "PollForSourceChanges": "false"},
              "outputArtifacts": [{"name": "Src"}]}]},
            {"name": "Approve", "actions": [{"name": "Approve",
              "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}]}
          ]}}
        """.formatted(name)));
    await().atMost(Duration.ofSeconds(30)).until(() -> !queries.executions(name, null, 0, 1).isEmpty());
    fill = new HistoryFill(records, new TransactionTemplate(transactions));
    fill.add(name, SHAPE, 2 * ConsoleViews.HISTORY_PAGE + 20);
    logIn();
  }

  @Test
  @DisplayName("Older links walk the whole history once, newest first, while executions start between the pages")
  void olderLinksWalkTheHistoryOnce() throws Exception {
    List<String> before = queries.executions(name, null, 0, 1000).stream()
        .map(PipelineExecutionSummary::pipelineExecutionId).toList();
    List<String> seen = new ArrayList<>();
    List<String> started = new ArrayList<>();
    String page = get(historyPath(null)).body();
    int pages = 1;
    seen.addAll(rows(page));
    Optional<String> older = link(page, "next");
    while (older.isPresent()) {
      started.addAll(fill.add(name, SHAPE, 3));
      page = get(older.get()).body();
      pages++;
      seen.addAll(rows(page));
      older = link(page, "next");
    }

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(before);
    assertThat(seen).doesNotContainAnyElementsOf(started);
  }

  @Test
  @DisplayName("Newer, from the second page, shows the first page again; the newest page has no Newer link")
  void newerLeadsBack() throws Exception {
    String first = get(historyPath(null)).body();
    String second = get(link(first, "next").orElseThrow()).body();
    String back = get(link(second, "prev").orElseThrow()).body();

    assertThat(link(first, "prev")).isEmpty();
    assertThat(rows(second)).hasSize(ConsoleViews.HISTORY_PAGE).doesNotContainAnyElementsOf(rows(first));
    assertThat(rows(back)).containsExactlyElementsOf(rows(first));
  }

  @Test
  @DisplayName("A history link whose cursor was edited or belongs to another pipeline is a 400")
  void editedCursorIsRefused() throws Exception {
    String older = link(get(historyPath(null)).body(), "next").orElseThrow();
    String cursor = older.substring(older.indexOf("cursor=") + "cursor=".length());

    assertThat(get(historyPath("x" + cursor)).statusCode()).isEqualTo(400);
    assertThat(get(historyPath("garbage")).statusCode()).isEqualTo(400);
    assertThat(get("/console/pipelines/other-" + name + "/executions?cursor=" + cursor).statusCode()).isEqualTo(404);
    assertThat(get(older).statusCode()).isEqualTo(200);
  }

  private String historyPath(String cursor) {
    return "/console/pipelines/" + name + "/executions" + (cursor == null ? "" : "?cursor=" + cursor);
  }

  private static List<String> rows(String page) {
    List<String> ids = new ArrayList<>();
    Matcher m = ROW.matcher(page);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The href of the page's link with {@code rel} (next: Older, prev: Newer). */
  private static Optional<String> link(String page, String rel) {
    Matcher m = Pattern.compile("<a rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(page);
    return m.find() ? Optional.of(m.group(1).replace("&amp;", "&")) : Optional.empty();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void logIn() throws Exception {
    String form = get("/console/login").body();
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"").matcher(form);
    assertThat(csrf.find()).as(form).isTrue();
    String body = "_csrf=" + csrf.group(1) + "&next=%2F&username=admin&password="
        + URLEncoder.encode("admin", StandardCharsets.UTF_8);
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
  }
}

package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.SOURCE_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.HistoryFill;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.InvalidNextTokenException;
import software.amazon.awssdk.services.codepipeline.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;

/**
 * Later pages of ListPipelineExecutions and ListActionExecutions (issue #16, "Speed with history"): the nextToken
 * is the position of the page's last row, so pages neither skip nor repeat rows while executions start between
 * them, the SDK's paginators and the AWS CLI's auto-pagination walk the whole history, and a token that is not
 * one of ours is InvalidNextTokenException.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPagingSdkTest {

  static final int HISTORY = 30;
  static final HistoryFill.Shape SHAPE = new HistoryFill.Shape(SOURCE_STAGE, "Fetch", APPROVAL_STAGE, APPROVAL_ACTION);

  @LocalServerPort int port;
  @Autowired ExecutionRecords records;
  @Autowired PlatformTransactionManager transactions;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  /** A pipeline whose first (CreatePipeline) execution is recorded, then {@link #HISTORY} finished ones; newest first. */
  private List<String> pipelineWithHistory(String name) {
    client.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    await().atMost(Duration.ofSeconds(30)).until(() -> !client.listPipelineExecutions(r -> r.pipelineName(name))
        .pipelineExecutionSummaries().isEmpty());
    new HistoryFill(records, new TransactionTemplate(transactions)).add(name, SHAPE, HISTORY);
    return ids(client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(100)));
  }

  private static List<String> ids(ListPipelineExecutionsResponse page) {
    return page.pipelineExecutionSummaries().stream().map(PipelineExecutionSummary::pipelineExecutionId).toList();
  }

  @Test
  @DisplayName("given executions that start between pages, then the pages list every earlier execution once, in order, and none of the new ones")
  void executionsStartedBetweenPagesNeitherShiftNorRepeat() {
    String name = "keyset-moving";
    List<String> before = pipelineWithHistory(name);
    List<String> seen = new ArrayList<>();
    List<String> started = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListPipelineExecutionsResponse page = client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(7)
          .nextToken(next));
      seen.addAll(ids(page));
      pages++;
      token = page.nextToken();
      if (token != null) { // with offsets, each of these would push the next page's first row back onto it
        started.add(client.startPipelineExecution(r -> r.name(name)).pipelineExecutionId());
        started.add(client.startPipelineExecution(r -> r.name(name)).pipelineExecutionId());
      }
    } while (token != null);

    assertThat(before).hasSize(HISTORY + 1);
    assertThat(pages).isEqualTo(5);
    assertThat(seen).containsExactlyElementsOf(before);
    assertThat(seen).doesNotContainAnyElementsOf(started);
    assertThat(ids(client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(started.size()))))
        .containsExactlyInAnyOrderElementsOf(started);
  }

  @Test
  @DisplayName("given executions of which only some succeeded in a stage, and others that start or succeed between pages, then the succeededInStage pages list every earlier success once, newest first, and nothing else")
  void succeededInStagePagesSkipTheOthersAndNeitherShiftNorRepeat() {
    String name = "keyset-succeeded";
    client.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    await().atMost(Duration.ofSeconds(30)).until(() -> !client.listPipelineExecutions(r -> r.pipelineName(name))
        .pipelineExecutionSummaries().isEmpty());
    HistoryFill fill = new HistoryFill(records, new TransactionTemplate(transactions));
    List<String> history = fill.add(name, SHAPE, HISTORY, 3); // every third succeeds in the approval stage
    List<String> succeeded = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      if (i % 3 == 2) {
        succeeded.add(history.get(i));
      }
    }
    List<String> seen = new ArrayList<>();
    List<String> later = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListPipelineExecutionsResponse page = client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(3)
          .nextToken(next).filter(f -> f.succeededInStage(s -> s.stageName(APPROVAL_STAGE))));
      seen.addAll(ids(page));
      pages++;
      token = page.nextToken();
      if (token != null) { // newer than every listed one: neither may shift the pages nor appear on them
        later.add(client.startPipelineExecution(r -> r.name(name)).pipelineExecutionId());
        later.addAll(fill.add(name, SHAPE, 2, 1));
      }
    } while (token != null);

    assertThat(succeeded).hasSize(HISTORY / 3);
    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactlyElementsOf(succeeded);
    assertThat(seen).doesNotContainAnyElementsOf(later);
    List<String> newest = ids(client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(100)
        .filter(f -> f.succeededInStage(s -> s.stageName(APPROVAL_STAGE)))));
    assertThat(newest).hasSize(succeeded.size() + 6).endsWith(succeeded.toArray(String[]::new));
    assertThat(later).containsAll(newest.subList(0, 6));
  }

  @Test
  @DisplayName("the SDK v2 paginators walk more than two pages of executions and of action executions, each row once")
  void sdkPaginatorsWalkEveryPage() {
    String name = "keyset-paginator";
    List<String> executions = pipelineWithHistory(name);

    assertThat(client.listPipelineExecutionsPaginator(r -> r.pipelineName(name).maxResults(7)).stream()).hasSize(5);
    assertThat(client.listPipelineExecutionsPaginator(r -> r.pipelineName(name).maxResults(7))
        .pipelineExecutionSummaries().stream().map(PipelineExecutionSummary::pipelineExecutionId).toList())
        .containsExactlyElementsOf(executions);

    List<String> actions = client.listActionExecutions(r -> r.pipelineName(name).maxResults(100))
        .actionExecutionDetails().stream().map(ActionExecutionDetail::actionExecutionId).toList();
    assertThat(actions).hasSizeGreaterThan(2 * HISTORY);
    assertThat(client.listActionExecutionsPaginator(r -> r.pipelineName(name).maxResults(20)).stream())
        .hasSizeGreaterThan(3);
    assertThat(client.listActionExecutionsPaginator(r -> r.pipelineName(name).maxResults(20))
        .actionExecutionDetails().stream().map(ActionExecutionDetail::actionExecutionId).toList())
        .containsExactlyElementsOf(actions);
    String one = executions.get(3);
    assertThat(client.listActionExecutionsPaginator(r -> r.pipelineName(name).maxResults(1)
        .filter(f -> f.pipelineExecutionId(one))).actionExecutionDetails().stream()
        .map(ActionExecutionDetail::pipelineExecutionId).toList())
        .containsExactly(one, one);
  }

  @Test
  @DisplayName("given a nextToken that is cut, edited, made up or another listing's, then InvalidNextTokenException (400)")
  void foreignOrForgedTokensAreRefused() {
    String name = "keyset-forged";
    pipelineWithHistory(name);
    String token = client.listPipelineExecutions(r -> r.pipelineName(name).maxResults(5)).nextToken();
    String actionToken = client.listActionExecutions(r -> r.pipelineName(name).maxResults(5)).nextToken();
    String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    String[] parts = decoded.split("\\|");
    parts[2] = String.valueOf(Long.parseLong(parts[2]) - 3); // move the position, keep the check
    String edited = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    String offsetStyle = Base64.getUrlEncoder().withoutPadding().encodeToString("1|5|0123456789abcdef".getBytes());

    for (String forged : List.of(edited, token.substring(0, token.length() - 3), "not a token!", offsetStyle,
        actionToken)) {
      assertThatThrownBy(() -> client.listPipelineExecutions(r -> r.pipelineName(name).nextToken(forged)))
          .as(forged).isInstanceOfSatisfying(InvalidNextTokenException.class,
              e -> assertThat(e.statusCode()).isEqualTo(400));
    }
    assertThatThrownBy(() -> client.listActionExecutions(r -> r.pipelineName(name).nextToken(token)))
        .isInstanceOf(InvalidNextTokenException.class);
    assertThatThrownBy(() -> client.listPipelineExecutions(r -> r.pipelineName(name).nextToken(token)
        .filter(f -> f.succeededInStage(s -> s.stageName(SOURCE_STAGE)))))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  @DisplayName("the AWS CLI pages through ListPipelineExecutions and ListActionExecutions by itself (--page-size)")
  void awsCliAutoPagination() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is needed");
    String name = "keyset-cli";
    List<String> executions = pipelineWithHistory(name);
    List<String> actions = client.listActionExecutions(r -> r.pipelineName(name).maxResults(100))
        .actionExecutionDetails().stream().map(ActionExecutionDetail::actionExecutionId).toList();

    JsonNode listed = cli("list-pipeline-executions", "--pipeline-name", name, "--page-size", "4");
    List<String> cliExecutions = new ArrayList<>();
    listed.path("pipelineExecutionSummaries").forEach(e -> cliExecutions.add(e.path("pipelineExecutionId").asText()));
    JsonNode listedActions = cli("list-action-executions", "--pipeline-name", name, "--page-size", "9");
    List<String> cliActions = new ArrayList<>();
    listedActions.path("actionExecutionDetails").forEach(a -> cliActions.add(a.path("actionExecutionId").asText()));

    assertThat(cliExecutions).containsExactlyElementsOf(executions);
    assertThat(cliActions).containsExactlyElementsOf(actions);
  }

  private JsonNode cli(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "codepipeline"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + port, "--region", "us-east-1", "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    builder.environment().put("AWS_PAGER", "");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return new ObjectMapper().readTree(text);
  }
}

package dev.flowline.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.JdbcExecutionQueries.PageQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ListPipelineExecutions filtered by succeededInStage (issue #16, "Speed with history"): with 10,000 executions of
 * which 1 in 100 succeeded in the stage, a page of 10 reads about as many rows as it shows, wherever its cursor
 * stands. H2's EXPLAIN ANALYZE of the very statement the page runs counts the rows each table access read.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SucceededInStageCostTest {

  static final String PIPELINE = "succeeded-cost";
  static final HistoryFill.Shape SHAPE = new HistoryFill.Shape("Source", "Fetch", "Deploy", "Roll");
  // 11 index entries (the page and one more), the 11 rows they name read by primary key (H2 counts each twice) and
  // the derived table's 12: 45 on the first page. The EXISTS per execution this replaces read 1,000 and more.
  static final int PAGE_BOUND = 50;
  static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  @Autowired ExecutionRecords records;
  @Autowired ExecutionQueries queries;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  List<String> succeeded; // newest first

  @BeforeAll
  void fill() {
    List<String> all = new HistoryFill(records, new TransactionTemplate(transactions)).add(PIPELINE, SHAPE, 10_000, 100);
    succeeded = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (i % 100 == 99) {
        succeeded.add(all.get(i));
      }
    }
  }

  private int rowsRead(HistoryCursor cursor) {
    PageQuery query = JdbcExecutionQueries.executionPageQuery(PIPELINE, "Deploy", cursor, 10);
    String plan = jdbc.queryForObject("EXPLAIN ANALYZE " + query.sql(), String.class, query.args().toArray());
    int rows = 0;
    Matcher counts = SCAN_COUNT.matcher(plan);
    while (counts.find()) {
      rows += Integer.parseInt(counts.group(1));
    }
    System.out.println("succeededInStage page " + cursor + ": scanCount " + rows + "\n" + plan);
    return rows;
  }

  private static List<String> ids(HistoryPage<PipelineExecutionSummary> page) {
    return page.items().stream().map(PipelineExecutionSummary::pipelineExecutionId).toList();
  }

  @Test
  @DisplayName("given 10,000 executions of which 1 in 100 succeeded in the stage, then a filtered page of 10 reads about 10 rows, on the first page and deep in the history, older or newer")
  void filteredPageCostsWhatItReturns() {
    HistoryPage<PipelineExecutionSummary> first = queries.executionPage(PIPELINE, "Deploy", null, 10);
    assertThat(ids(first)).containsExactlyElementsOf(succeeded.subList(0, 10));
    assertThat(rowsRead(null)).isLessThanOrEqualTo(PAGE_BOUND);

    HistoryPage<PipelineExecutionSummary> page = first;
    for (int i = 1; i < 6; i++) {
      page = queries.executionPage(PIPELINE, "Deploy", page.older(), 10);
    }
    assertThat(ids(page)).containsExactlyElementsOf(succeeded.subList(50, 60));
    HistoryCursor deep = page.older();
    assertThat(rowsRead(deep)).isLessThanOrEqualTo(PAGE_BOUND);

    HistoryCursor newer = page.newer();
    assertThat(ids(queries.executionPage(PIPELINE, "Deploy", newer, 10)))
        .containsExactlyElementsOf(succeeded.subList(40, 50));
    assertThat(rowsRead(newer)).isLessThanOrEqualTo(PAGE_BOUND);
  }

  @Test
  @DisplayName("the automatic rollback's target is the newest execution that succeeded in the stage, other than the failing one")
  void rollbackTargetIsTheNewestSuccess() {
    assertThat(records.lastSucceededInStage(PIPELINE, 1, "Deploy", "none")).contains(succeeded.get(0));
    assertThat(records.lastSucceededInStage(PIPELINE, 1, "Deploy", succeeded.get(0))).contains(succeeded.get(1));
    assertThat(records.lastSucceededInStage(PIPELINE, 2, "Deploy", "none")).isEmpty();
  }
}

package dev.flowline.execution;

import java.util.List;

/**
 * One page of a history listed newest first, with the cursors that continue it: {@code older} when there are
 * older rows than the page's last, {@code newer} when there are newer rows than its first (null otherwise).
 */
public record HistoryPage<T>(List<T> items, HistoryCursor older, HistoryCursor newer) {

  public HistoryPage {
    items = List.copyOf(items);
  }
}

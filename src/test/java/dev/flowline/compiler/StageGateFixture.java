package dev.flowline.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Stands in for the engine's stage gate bean ({@code flowlineStageGate}): closed for the named stages. */
public class StageGateFixture {

  private final Set<String> closed = new HashSet<>();
  private final List<String> asked = new ArrayList<>();

  public synchronized boolean admit(DelegateExecution execution, String stageName) {
    asked.add(stageName);
    return !closed.contains(stageName);
  }

  synchronized void close(String stageName) {
    closed.add(stageName);
  }

  synchronized List<String> asked() {
    return List.copyOf(asked);
  }

  synchronized void reset() {
    closed.clear();
    asked.clear();
  }
}

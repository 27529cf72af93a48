package io.ferry.tui.wizard;

import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.preflight.CheckStatus;
import java.util.List;

/**
 * A deployment plan as the summary shows it: {@code ferry plan}'s lines, the one sentence that says
 * what the host becomes ({@link DeployPlan#outlook}), and {@code ferry preflight}'s checks. {@code plan}
 * is the installer's object (null in screen tests).
 */
public record PlanFacts(List<String> lines, String outlook, boolean nothingToDo, List<CheckResult> checks,
    DeployPlan plan) {
  public PlanFacts {
    lines = List.copyOf(lines);
    checks = List.copyOf(checks);
  }

  public boolean blocked() {
    return checks.stream().anyMatch(c -> c.status() == CheckStatus.FAIL);
  }
}

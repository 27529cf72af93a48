package io.ferry.tui.wizard;

import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.preflight.CheckStatus;
import java.util.List;

/** What the welcome screen shows about the host: Docker engine and compose, memory, CPUs. */
public record HostFacts(List<CheckResult> checks) {
  public HostFacts {
    checks = List.copyOf(checks);
  }

  public boolean usable() {
    return checks.stream().noneMatch(c -> c.status() == CheckStatus.FAIL);
  }
}

package io.ferry.installer.preflight;

import java.util.List;

/**
 * A restore of the vanilla data that was interrupted (power cut, Ctrl-C) left its marker: the
 * deployment discards the partial data and restores again. Worth knowing, nothing to fix.
 */
final class InterruptedRestoreCheck implements PreflightCheck {
  static final String NAME = "restore";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    var marker = context.target().paths().restoreMarker();
    if (context.host().exists(marker)) {
      return List.of(CheckResult.warn(NAME, "a previous restore was interrupted (" + marker + "): it will be redone,"
              + " its partial data discarded",
          "nothing to fix; just let this deployment finish (and make sure no one else runs ferry deploy now)"));
    }
    return List.of(CheckResult.pass(NAME, "no interrupted restore"));
  }
}

package io.ferry.installer.preflight;

import java.util.Objects;

/**
 * The outcome of one preflight check, as the CLI table, the wizard and {@code --json} show it.
 *
 * @param check the check's short name, e.g. "docker engine" or "port https"
 * @param status PASS, WARN or FAIL
 * @param finding one line: what was found, e.g. "20.10.24 (API 1.41)"
 * @param fix what to do about it in plain words; null for PASS
 */
public record CheckResult(String check, CheckStatus status, String finding, String fix) {
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finding, "finding");
    if (status != CheckStatus.PASS && (fix == null || fix.isBlank())) {
      throw new IllegalArgumentException(status + " of '" + check + "' needs a fix");
    }
    if (status == CheckStatus.PASS) {
      fix = null;
    }
  }

  public static CheckResult pass(String check, String finding) {
    return new CheckResult(check, CheckStatus.PASS, finding, null);
  }

  public static CheckResult warn(String check, String finding, String fix) {
    return new CheckResult(check, CheckStatus.WARN, finding, fix);
  }

  public static CheckResult fail(String check, String finding, String fix) {
    return new CheckResult(check, CheckStatus.FAIL, finding, fix);
  }
}

package io.ferry.installer.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every preflight check's result, in the order the checks ran. Immutable and thread-safe.
 *
 * @param results one or more results per check (the port check gives one per published port)
 */
public record PreflightReport(List<CheckResult> results) {
  public PreflightReport {
    results = List.copyOf(results);
  }

  /** True when no check failed; warnings do not count. */
  public boolean passed() {
    return failures().isEmpty();
  }

  public List<CheckResult> failures() {
    return with(CheckStatus.FAIL);
  }

  public List<CheckResult> warnings() {
    return with(CheckStatus.WARN);
  }

  private List<CheckResult> with(CheckStatus status) {
    return results.stream().filter(r -> r.status() == status).toList();
  }

  /** "8 passed, 1 warning, 1 failed (port https)". */
  public String summary() {
    long passes = results.stream().filter(r -> r.status() == CheckStatus.PASS).count();
    int warns = warnings().size();
    List<CheckResult> fails = failures();
    StringBuilder s = new StringBuilder();
    s.append(passes).append(" passed, ").append(warns).append(warns == 1 ? " warning, " : " warnings, ")
        .append(fails.size()).append(" failed");
    if (!fails.isEmpty()) {
      s.append(" (").append(String.join(", ", fails.stream().map(CheckResult::check).toList())).append(')');
    }
    return s.toString();
  }

  /** The report as a JSON-friendly map (for {@code --json}): passed, summary, and every result. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passed", passed());
    m.put("summary", summary());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("check", r.check());
      c.put("status", r.status().name());
      c.put("finding", r.finding());
      c.put("fix", r.fix());
      checks.add(c);
    }
    m.put("checks", checks);
    return m;
  }
}

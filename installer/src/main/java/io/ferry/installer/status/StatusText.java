package io.ferry.installer.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A status report as plain text for an 80-column terminal: the summary, a table of services, the
 * drift and how to repair it.
 *
 * <pre>
 * acd-demo 1.0.1: 3 services running and healthy (deployed 2026-11-23 09:05 UTC)
 * SERVICE  STATE    HEALTH   UPTIME  IMAGE
 * db       running  healthy  2h 5m   92dbe69c1fbe
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class StatusText {
  private static final String[] HEAD = {"SERVICE", "STATE", "HEALTH", "UPTIME", "IMAGE"};

  private StatusText() {}

  /**
   * The report's lines.
   *
   * @param customerConfig the configuration of the deployment on this host (named in the repair
   *     hint), or null
   */
  public static List<String> lines(StatusReport report, Path customerConfig) {
    List<String> lines = new ArrayList<>();
    lines.add(report.summary());
    List<String[]> rows = new ArrayList<>();
    rows.add(HEAD);
    for (ServiceStatus s : report.services()) {
      boolean missing = s.container() == null;
      String image = missing ? "-" : StackStatus.short12(s.imageId());
      if (!s.imageMatches() || missing && s.desiredImageId() != null) {
        image += " (deployed " + StackStatus.short12(s.desiredImageId()) + ")";
      } else if (s.extra()) {
        image += " (not deployed)";
      }
      Duration up = s.uptime(report.checkedAt());
      rows.add(new String[] {s.service().isEmpty() ? "-" : s.service(), s.state(),
          s.health() == null ? "-" : s.health(), up == null ? "-" : uptime(up), image});
    }
    int[] width = new int[HEAD.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      lines.add(line.toString());
    }
    if (!report.ok()) {
      lines.add("drift:");
      for (Drift d : report.drift()) {
        lines.add("  - " + d.message());
      }
      lines.add("To put back what was deployed, run 'ferry deploy' with the bundle of " + report.stack() + " "
          + report.release() + (customerConfig == null ? "" : " and --config " + customerConfig) + " again.");
    }
    return lines;
  }

  /** "45s", "12m", "3h 12m", "2d 4h". */
  static String uptime(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86_400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
  }
}

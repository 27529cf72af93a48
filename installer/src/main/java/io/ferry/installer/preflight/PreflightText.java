package io.ferry.installer.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * A preflight report as plain text for a terminal: one row per result, the fix of a WARN or FAIL
 * below it, wrapped to the terminal's width (80 columns over SSH), and a summary line.
 *
 * <pre>
 * PASS  docker engine     20.10.24 (API 1.41)
 * FAIL  port https        127.0.0.1:8443 is in use by another program
 *                         fix: find it with 'ss -ltnp sport = :8443' and stop it, or ...
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class PreflightText {
  public static final int DEFAULT_WIDTH = 80;
  private static final String GAP = "  ";

  private PreflightText() {}

  public static List<String> table(PreflightReport report) {
    return table(report, DEFAULT_WIDTH);
  }

  /** The rows and the summary ("preflight: 8 passed, 1 warning, 0 failed"), each line at most {@code width} wide where words allow. */
  public static List<String> table(PreflightReport report, int width) {
    int nameWidth = report.results().stream().mapToInt(r -> r.check().length()).max().orElse(0);
    String indent = " ".repeat(4 + GAP.length() + nameWidth + GAP.length());
    List<String> lines = new ArrayList<>();
    for (CheckResult r : report.results()) {
      String head = r.status().name() + GAP + pad(r.check(), nameWidth) + GAP;
      lines.addAll(wrap(head, indent, r.finding(), width));
      if (r.fix() != null) {
        lines.addAll(wrap(indent, indent, "fix: " + r.fix(), width));
      }
    }
    lines.add("preflight: " + report.summary());
    return lines;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Word-wraps {@code text} after {@code first}, continuing lines with {@code indent}; a long word is never cut. */
  static List<String> wrap(String first, String indent, String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder(first);
    int lineStart = first.length();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean atStart = line.length() == lineStart;
      if (!atStart && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line = new StringBuilder(indent);
        lineStart = indent.length();
        atStart = true;
      }
      if (!atStart) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString().stripTrailing());
    return out;
  }
}

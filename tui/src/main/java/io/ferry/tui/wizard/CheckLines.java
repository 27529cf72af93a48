package io.ferry.tui.wizard;

import io.ferry.installer.preflight.CheckResult;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Segment;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.Text;
import java.util.ArrayList;
import java.util.List;

/** Check results as lines: "[ ok ] docker engine  20.10.24", and under a warning or failure its fix. */
public final class CheckLines {
  private CheckLines() {}

  public static List<Line> of(List<CheckResult> checks, int width) {
    int name = Math.min(22, checks.stream().mapToInt(c -> c.check().length()).max().orElse(0));
    List<Line> lines = new ArrayList<>();
    for (CheckResult c : checks) {
      Segment mark = switch (c.status()) {
        case PASS -> Segment.plain("[ ok ] ");
        case WARN -> new Segment("[warn] ", Style.BOLD);
        case FAIL -> new Segment("[FAIL] ", Style.ACCENT);
      };
      String head = Text.pad(c.check(), name) + "  ";
      lines.add(Line.of(mark, Segment.plain(head + Text.fit(c.finding(), Math.max(10, width - 9 - name)))));
      if (c.fix() != null) {
        String indent = " ".repeat(7);
        if (c.finding().length() > width - 9 - name) {
          lines.addAll(Line.wrap(c.finding(), width, indent, Style.NORMAL));
        }
        lines.addAll(Line.wrap("fix: " + c.fix(), width, indent, c.status() == io.ferry.installer.preflight.CheckStatus.FAIL
            ? Style.ACCENT : Style.BOLD));
      }
    }
    return lines;
  }
}

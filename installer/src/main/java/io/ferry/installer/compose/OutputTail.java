package io.ferry.installer.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns compose's raw output into the few readable lines an error message ends with. */
final class OutputTail {
  static final int LINES = 15;
  // CSI sequences (colours, cursor moves) and OSC sequences, in case a compose ignores --ansi never.
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)");

  private OutputTail() {}

  /**
   * The last {@code max} non-blank lines of {@code output}, without terminal escapes; a line that
   * was redrawn with carriage returns (a progress bar) keeps only its last state.
   */
  static List<String> lines(String output, int max) {
    if (output == null || output.isEmpty()) {
      return List.of();
    }
    String clean = ANSI.matcher(output).replaceAll("").replace("\r\n", "\n");
    List<String> kept = new ArrayList<>();
    for (String line : clean.split("\n", -1)) {
      int cr = line.lastIndexOf('\r', line.length() - 1);
      while (cr >= 0 && cr == line.length() - 1) {
        line = line.substring(0, cr);
        cr = line.lastIndexOf('\r');
      }
      if (cr >= 0) {
        line = line.substring(cr + 1);
      }
      line = line.stripTrailing();
      if (!line.isBlank()) {
        kept.add(line);
      }
    }
    return kept.subList(Math.max(0, kept.size() - max), kept.size());
  }

  /** The tail as one block, each line indented by two spaces; empty if there is no output. */
  static String block(String output, int max) {
    List<String> lines = lines(output, max);
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append("  ").append(l);
    }
    return sb.toString();
  }
}

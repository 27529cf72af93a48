package io.ferry.tui.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A command in an 80x24 tmux session, driven as a person at the keyboard drives it: keys with
 * send-keys, the screen read with capture-pane. Screens can be kept as text under tui/target/screens/
 * (or -Dferry.screens=DIR, e.g. docs/onprem/screens to refresh the documented ones).
 */
final class TmuxSession implements AutoCloseable {
  final String name;

  private TmuxSession(String name) {
    this.name = name;
  }

  /** Starts {@code command} (a shell command line) in a new detached 80x24 session. */
  static TmuxSession start(String name, String command) throws Exception {
    TinyStack.check(TinyStack.run(List.of("tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command),
        Map.of(), 30));
    return new TmuxSession(name);
  }

  /** Key names as tmux knows them: "F10", "Enter", "Tab", "BSpace", "Space", "Right". */
  void keys(String... keys) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", name));
    cmd.addAll(List.of(keys));
    TinyStack.check(TinyStack.run(cmd, Map.of(), 10));
  }

  /** The same key {@code times} times. */
  void repeat(String key, int times) throws Exception {
    String[] keys = new String[times];
    java.util.Arrays.fill(keys, key);
    keys(keys);
  }

  /** Text typed as it is. */
  void type(String text) throws Exception {
    TinyStack.check(TinyStack.run(List.of("tmux", "send-keys", "-t", name, "-l", text), Map.of(), 10));
  }

  String capture() throws Exception {
    return TinyStack.check(TinyStack.run(List.of("tmux", "capture-pane", "-p", "-t", name), Map.of(), 10)).out();
  }

  /** Captures the pane until {@code done} holds (the screen is redrawn in the meantime), or fails with it. */
  String waitFor(Predicate<String> done, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = capture();
      if (done.test(screen)) {
        Thread.sleep(300);                // let the last redraw land
        String settled = capture();
        if (done.test(settled)) {
          return settled;
        }
        // Caught mid-redraw (seen under a loaded machine: the match was gone 300 ms later): keep waiting.
        screen = settled;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out after " + seconds + " s; the screen:\n" + screen);
  }

  /** Keeps a captured screen as a text file (trailing blanks cut). */
  static void save(String name, String screen) throws IOException {
    // Captures land in target/ so a test run never dirties the tree; refresh the documented ones
    // on purpose with -Dferry.screens=docs/onprem/screens.
    String where = System.getProperty("ferry.screens", "tui/target/screens");
    Path dir = Files.createDirectories(TinyStack.repo().resolve(where));
    String text = screen.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    Files.writeString(dir.resolve(name), text);
  }

  @Override
  public void close() throws Exception {
    TinyStack.run(List.of("tmux", "kill-session", "-t", name), Map.of(), 30);
  }
}

package io.ferry.tui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.Tasks;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness of the screen tests: the wizard in Lanterna's virtual 80x24 terminal, driven by key
 * strokes, against a fake installer; what on-site IT sees and what each key does. No Docker.
 */
abstract class WizardScreens {
  @TempDir Path dir;
  FakeInstaller installer;
  DefaultVirtualTerminal terminal;
  Wizard wizard;
  WizardAnswers answers;
  List<Runnable> pending;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("demo-1.0.0.ferry"), "not read by the fake");
    Files.writeString(dir.resolve("tampered-1.0.0.ferry"), "not read by the fake");
    installer = new FakeInstaller();
    answers = new WizardAnswers();
    answers.folder = dir;
    answers.trust = dir.resolve("release.pub.asc");
    answers.answerFile = dir.resolve("answers").resolve("demo.yaml");
    start(Tasks.inline());
  }

  void start(Tasks tasks) throws Exception {
    terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
    TerminalScreen screen = new TerminalScreen(terminal);
    screen.startScreen();
    wizard = new Wizard(screen, installer, answers, tasks, new WizardLog(dir.resolve("ferry.log")));
    wizard.start();
    wizard.draw();
  }

  /** Background work that waits until the test runs it: to look at a screen while work is under way. */
  Tasks manual() {
    pending = new ArrayList<>();
    return new Tasks() {
      @Override
      public void background(String name, Runnable job) {
        pending.add(job);
      }

      @Override
      public void onUi(Runnable update) {
        update.run();
      }
    };
  }

  /** Keeps the screen as it is under target/screen-tests/NAME.txt, to look at when a layout changes. */
  void capture(String name) throws Exception {
    Path out = Files.createDirectories(Path.of("target", "screen-tests"));
    Files.writeString(out.resolve(name + ".txt"), screen());
  }

  /** Runs the background work queued so far, in order, then draws. */
  void runPending() throws Exception {
    while (!pending.isEmpty()) {
      pending.remove(0).run();
    }
    wizard.draw();
  }

  String screen() {
    StringBuilder sb = new StringBuilder();
    TerminalSize size = terminal.getTerminalSize();
    for (int row = 0; row < size.getRows(); row++) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < size.getColumns(); col++) {
        line.append(terminal.getBufferCharacter(col, row).getCharacterString());
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  void press(KeyType... keys) throws Exception {
    for (KeyType k : keys) {
      wizard.handle(new KeyStroke(k));
      wizard.draw();
    }
  }

  void type(String text) throws Exception {
    for (char c : text.toCharArray()) {
      wizard.handle(new KeyStroke(c, false, false));
    }
    wizard.draw();
  }

  void ctrlC() throws Exception {
    wizard.handle(new KeyStroke('c', true, false));
    wizard.draw();
  }

  void assertShows(String text) {
    String s = screen();
    String joined = s.replaceAll("\n +", " ");
    if (joined.contains(text)) {
      return;
    }
    assertTrue(s.contains(text), "expected '" + text + "' on the screen:\n" + s);
  }

  /** Welcome -> Bundle, and Enter in the (preselected) bundle field verifies it. */
  void toBundleVerified() throws Exception {
    press(KeyType.F10);
    assertEquals(Step.BUNDLE, wizard.step());
    press(KeyType.Enter); // Enter in the bundle field verifies it
    assertShows("Verified: Demo Desk 1.0.0 (demo) by Example Vendor Ltd");
  }
}

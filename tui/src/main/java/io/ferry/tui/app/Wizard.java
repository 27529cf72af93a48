package io.ferry.tui.app;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.tui.bundle.BundlePage;
import io.ferry.tui.config.ConfigPage;
import io.ferry.tui.data.DataSourcePage;
import io.ferry.tui.done.DonePage;
import io.ferry.tui.progress.ProgressPage;
import io.ferry.tui.recover.SnapshotPage;
import io.ferry.tui.summary.SummaryPage;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Painter;
import io.ferry.tui.ui.Segment;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.Text;
import io.ferry.tui.welcome.WelcomePage;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.Tasks;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The wizard: its screens in order, the frame around them (title, explanation, key hints), and the
 * loop that reads keys, runs what the background work handed back and redraws. Screen layout: row 0
 * title, row 1 explanation, rows 3..h-3 the page, row h-1 the keys. Used on the UI thread only.
 */
public final class Wizard implements Navigator {
  /** Below this the layout cannot hold a page; the wizard says so instead of drawing garbage. */
  static final int MIN_WIDTH = 60;
  static final int MIN_HEIGHT = 16;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final Screen screen;
  private final Tasks tasks;
  private final WizardLog log;
  private final WizardAnswers answers;
  private final Map<Step, Page> pages = new EnumMap<>(Step.class);
  private Step step;
  private Integer exitCode;
  private String exitMessage = "";

  public Wizard(Screen screen, Installer installer, WizardAnswers answers, Tasks tasks, WizardLog log) {
    this.screen = screen;
    this.tasks = tasks;
    this.log = log;
    this.answers = answers;
    pages.put(Step.WELCOME, new WelcomePage(this, installer, answers));
    pages.put(Step.BUNDLE, new BundlePage(this, installer, answers));
    pages.put(Step.CONFIGURATION, new ConfigPage(this, answers));
    pages.put(Step.DATA_SOURCE, new DataSourcePage(this, installer, answers));
    pages.put(Step.SNAPSHOT, new SnapshotPage(this, installer, answers));
    pages.put(Step.SUMMARY, new SummaryPage(this, installer, answers));
    pages.put(Step.PROGRESS, new ProgressPage(this, installer, answers));
    pages.put(Step.DONE, new DonePage(this, answers));
  }

  /** Shows the first screen. */
  public void start() {
    show(Step.WELCOME);
  }

  /** Runs the wizard on its screen until the user leaves it; returns the exit code. */
  public int run() throws IOException {
    screen.startScreen();
    try {
      start();
      long lastDraw = 0;
      while (exitCode == null) {
        tasks.drain();
        KeyStroke k = screen.pollInput();
        if (k != null) {
          if (k.getKeyType() == KeyType.EOF) {
            finish(ExitCode.INTERRUPTED, "the terminal closed; run 'ferry wizard' again");
            break;
          }
          handle(k);
        }
        long now = System.nanoTime();
        if (exitCode == null && (k != null || now - lastDraw > REDRAW_NANOS)) {
          draw();
          lastDraw = now;
        }
        if (k == null) {
          Thread.sleep(20);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish(ExitCode.INTERRUPTED, "interrupted");
    } finally {
      screen.stopScreen();
    }
    return exitCode;
  }

  /** One key, as the loop hands it over (tests call this directly). */
  public void handle(KeyStroke k) {
    Page page = current();
    boolean handled = page.keysFirst()
        ? page.key(k) || page.form().key(k)
        : page.form().key(k) || page.key(k);
    if (!handled && Keys.isCtrlC(k)) {
      finish(ExitCode.DECLINED, "wizard closed; nothing was changed");
    }
  }

  /** Draws the current screen (tests call this directly). */
  public void draw() throws IOException {
    screen.doResizeIfNecessary();
    TerminalSize size = screen.getTerminalSize();
    int w = size.getColumns();
    int h = size.getRows();
    screen.clear();
    TextGraphics g = screen.newTextGraphics();
    if (w < MIN_WIDTH || h < MIN_HEIGHT) {
      Painter.line(g, 0, Line.of("Ferry: make the terminal at least 80x24 (it is " + w + "x" + h + ")"), w);
      screen.setCursorPosition(null);
      screen.refresh();
      return;
    }
    Page page = current();
    String right = "Step " + (flow().indexOf(step) + 1) + " of " + flow().size() + ": " + page.title() + " ";
    String left = " Ferry installer";
    Painter.line(g, 0, Line.of(Text.pad(left, Math.max(0, w - right.length())) + right, Style.FOCUS), w);
    Painter.line(g, 1, Line.of(" " + Text.fit(page.explanation(), w - 2)), w);
    int bodyHeight = h - 5;
    TextGraphics body = g.newTextGraphics(new TerminalPosition(1, 3), new TerminalSize(w - 2, bodyHeight));
    List<Line> lines = page.form().render(w - 2, bodyHeight);
    Painter.lines(body, 0, lines, w - 2);
    Painter.line(g, h - 1, hints(page.hints(), w), w);
    TerminalPosition caret = page.form().caret();
    screen.setCursorPosition(caret == null ? null : caret.withRelative(1, 3));
    screen.refresh();
  }

  private static Line hints(List<String> hints, int width) {
    List<Segment> segments = new ArrayList<>();
    int used = 1;
    segments.add(Segment.plain(" "));
    for (String hint : hints) {
      int space = hint.indexOf(' ');
      String key = space < 0 ? hint : hint.substring(0, space);
      String what = space < 0 ? "" : hint.substring(space);
      if (used + hint.length() + 2 > width) {
        break;
      }
      segments.add(new Segment(key, Style.FOCUS));
      segments.add(Segment.plain(what + "  "));
      used += hint.length() + 2;
    }
    return new Line(segments, -1);
  }

  public Step step() {
    return step;
  }

  public Page current() {
    return pages.get(step);
  }

  public boolean finished() {
    return exitCode != null;
  }

  public int exitCode() {
    return exitCode == null ? -1 : exitCode;
  }

  public String exitMessage() {
    return exitMessage;
  }

  /** The screens in the order of this run: installing, or a disaster recovery. */
  public List<Step> flow() {
    return answers.recover ? Step.RECOVER : Step.INSTALL;
  }

  @Override
  public void next() {
    int i = flow().indexOf(step);
    if (i + 1 < flow().indexOf(Step.PROGRESS)) {
      show(flow().get(i + 1));
    }
  }

  @Override
  public void back() {
    int i = flow().indexOf(step);
    if (i > 0 && i < flow().indexOf(Step.PROGRESS)) {
      show(flow().get(i - 1));
    }
  }

  @Override
  public void show(Step s) {
    step = s;
    current().enter();
  }

  @Override
  public void finish(int code, String message) {
    answers.forgetPassword();
    exitCode = code;
    exitMessage = message == null ? "" : message;
  }

  @Override
  public Tasks tasks() {
    return tasks;
  }

  @Override
  public WizardLog log() {
    return log;
  }
}

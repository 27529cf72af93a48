package io.ferry.tui.progress;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Gauge;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.LogView;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Segment;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.Text;
import io.ferry.tui.wizard.DeployOutcome;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.PlanFacts;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.WizardAnswers;
import java.util.ArrayList;
import java.util.List;

/**
 * Screen 6: the deployment running, as {@code ferry deploy} runs it: one gauge per step plus an
 * overall one, the current item, and a log pane. Ctrl-C asks before stopping and says that running
 * the same deployment again continues where it stopped (every step is idempotent).
 */
public final class ProgressPage implements Page {
  private static final int NAME = 34;

  private final Navigator nav;
  private final Installer installer;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private TaskBoard board = new TaskBoard(line -> {});
  private final LogView log = new LogView(() -> board.log());
  private boolean running;
  private boolean asking;

  public ProgressPage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    this.answers = answers;
    form.add(Label.live(this::lines));
  }

  @Override
  public void enter() {
    if (running) {
      return;
    }
    running = true;
    asking = false;
    board = new TaskBoard(line -> nav.log().line(line));
    TaskBoard b = board;
    var bundle = answers.bundle;
    var config = answers.config;
    PlanFacts confirmed = answers.plan;
    char[] password = answers.sharePassword == null ? null : answers.sharePassword.clone();
    nav.tasks().background("deploy", () -> {
      try {
        PlanFacts plan = confirmed;
        if (plan == null) {
          b.add("planning again (retry)");
          plan = installer.plan(bundle, config, password);
          if (plan.blocked()) {
            throw new DeployException("a host check failed: " + String.join("; ", plan.checks().stream()
                .filter(c -> c.status() == io.ferry.installer.preflight.CheckStatus.FAIL)
                .map(c -> c.check() + ": " + c.finding() + "; " + c.fix()).toList()), ExitCode.PREFLIGHT);
          }
        }
        b.add("deploying " + bundle.stack() + " " + bundle.release() + " from " + bundle.path());
        DeployOutcome outcome = installer.deploy(bundle, plan, password, b);
        b.complete();
        b.add(outcome.changed() ? bundle.stack() + " " + bundle.release() + " is running and healthy"
            : "nothing to do: " + bundle.stack() + " " + bundle.release() + " already runs and is healthy");
        nav.tasks().onUi(() -> ended(outcome, null, 0, b));
      } catch (DeployException e) {
        nav.log().failure(e.getMessage(), e);
        b.add("FAILED: " + e.getMessage().lines().findFirst().orElse(""));
        nav.tasks().onUi(() -> ended(null, e.getMessage(), e.exitCode(), b));
      } catch (RuntimeException e) {
        nav.log().failure("internal error: " + e, e);
        b.add("FAILED: internal error: " + e);
        nav.tasks().onUi(() -> ended(null, "internal error: " + e + ". Run the same deployment again; if it"
            + " fails again, send " + nav.log().file() + " to the vendor's support.", ExitCode.INTERNAL, b));
      } finally {
        if (password != null) {
          java.util.Arrays.fill(password, '\0');
        }
      }
    });
  }

  private void ended(DeployOutcome outcome, String failure, int code, TaskBoard b) {
    running = false;
    answers.outcome = outcome;
    answers.failure = failure;
    answers.failureCode = code;
    // the step that started last is the one that failed (steps report FINISH even when they throw)
    answers.failedStep = failure == null ? null
        : b.rows().stream().map(TaskBoard.Row::task).reduce((x, y) -> y).orElse(null);
    answers.deployLog = b.log();
    answers.plan = null;
    nav.show(Step.DONE);
  }

  private List<Line> lines(int width) {
    List<Line> lines = new ArrayList<>();
    int gauge = Math.max(20, width - NAME - 18);
    lines.add(Line.of(new Segment(Text.pad("Overall", NAME), Style.BOLD),
        Segment.plain(Gauge.bar(board.overall(), gauge))));
    for (TaskBoard.Row r : board.rows()) {
      lines.add(Line.of(Text.pad(Text.fit(r.task(), NAME - 1), NAME) + Gauge.bar(r.fraction(), gauge) + " "
          + Text.fit(r.rate(), Math.max(0, width - NAME - gauge - 1))));
    }
    lines.add(Line.of(Text.fit("Now: " + board.currentItem(), width)));
    lines.add(Line.blank());
    if (asking) {
      lines.add(Line.of("Stop the installation now? Nothing is lost: running the wizard or 'ferry deploy' again",
          Style.ACCENT));
      lines.add(Line.of("continues where it stopped.   Y = stop now    N = go on", Style.ACCENT));
    } else {
      lines.add(Line.of("Log (PgUp/PgDn to scroll; also in " + nav.log().file() + ")", Style.BOLD));
    }
    int room = Math.max(3, form.height() - lines.size());
    lines.addAll(log.render(width, room));
    return lines;
  }

  @Override
  public String title() {
    return "Installing";
  }

  @Override
  public String explanation() {
    return "Bringing this host to the bundle and your settings; every step can be re-run.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return asking ? List.of("Y stop now", "N go on") : List.of("PgUp/PgDn scroll log", "Ctrl-C stop");
  }

  @Override
  public boolean keysFirst() {
    return true;
  }

  @Override
  public boolean key(KeyStroke k) {
    int height = Math.max(3, form.height() - board.rows().size() - 5);
    if (k.getKeyType() == KeyType.PageUp) {
      log.pageUp(height);
      return true;
    }
    if (k.getKeyType() == KeyType.PageDown) {
      log.pageDown(height);
      return true;
    }
    if (Keys.isCtrlC(k)) {
      asking = running;
      return true;
    }
    if (asking && Keys.isLetter(k, 'y')) {
      nav.log().line("stopped by the user during the deployment");
      nav.finish(ExitCode.INTERRUPTED, "stopped: nothing is lost; run 'ferry wizard' again, or: "
          + answers.replayCommand() + " to finish");
      return true;
    }
    if (asking && (Keys.isLetter(k, 'n') || Keys.isBack(k))) {
      asking = false;
      return true;
    }
    return true;
  }
}

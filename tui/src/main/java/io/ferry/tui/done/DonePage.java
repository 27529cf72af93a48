package io.ferry.tui.done;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.LogView;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Segment;
import io.ferry.tui.ui.Style;
import io.ferry.tui.wizard.DeployOutcome;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.SnapshotRows;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.WizardAnswers;
import java.util.ArrayList;
import java.util.List;

/**
 * Screen 7: the stack runs (its URL, the answer file, the logs, the headless command that repeats
 * this installation), or what failed, why and what to do, with Retry and Show log.
 */
public final class DonePage implements Page {
  private final Navigator nav;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private final LogView log;
  private final ButtonBar success;
  private final ButtonBar failure;
  private boolean showLog;

  public DonePage(Navigator nav, WizardAnswers answers) {
    this.nav = nav;
    this.answers = answers;
    this.log = new LogView(() -> answers.deployLog);
    form.add(Label.live(this::lines));
    success = form.add(new ButtonBar(new Button("Quit", this::quit), new Button("Show log", this::toggleLog)));
    failure = form.add(new ButtonBar(new Button("Retry", this::retry), new Button("Show log", this::toggleLog),
        new Button("Quit", this::quit)));
  }

  @Override
  public void enter() {
    showLog = false;
    boolean ok = answers.failure == null;
    success.visible(ok);
    failure.visible(!ok);
    form.focus(ok ? success : failure, 0);
  }

  private List<Line> lines(int width) {
    List<Line> lines = new ArrayList<>();
    if (showLog) {
      lines.add(Line.of("Log of this run (PgUp/PgDn to scroll; the full log: " + nav.log().file() + ")",
          Style.BOLD));
      lines.addAll(log.render(width, Math.max(3, form.height() - 4)));
      return lines;
    }
    DeployOutcome o = answers.outcome;
    if (answers.failure == null && o != null) {
      lines.add(Line.of(o.stack() + " " + o.release() + (!o.changed()
          ? " already ran with these settings and is healthy: nothing to do."
          : answers.recover && answers.snapshot != null ? " is recovered from the backup of "
              + SnapshotRows.when(answers.snapshot.time()) + " UTC, running and healthy."
          : " is installed, running and healthy."), Style.BOLD));
      lines.add(Line.blank());
      lines.add(Line.of(new Segment("  Open          ", Style.BOLD), Segment.plain(o.url() == null
          ? "(the stack names no URL)" : o.url())));
      lines.add(Line.of("  Answer file   " + answers.answerFile));
      lines.add(Line.of("  Logs          " + nav.log().file() + "   (and: ferry status)"));
      lines.add(Line.blank());
      lines.add(Line.of("Repeat this installation without the wizard (same bundle, same answers):"));
      lines.add(Line.of("  ferry deploy \\", Style.BOLD));
      lines.add(Line.of("    " + answers.bundlePath + " \\", Style.BOLD));
      lines.add(Line.of("    --config " + answers.answerFile + " \\", Style.BOLD));
      lines.add(Line.of("    --trust " + answers.trust + " --yes", Style.BOLD));
      lines.add(Line.blank());
      lines.addAll(backupLines(width));
    } else {
      lines.add(Line.of("FAILED" + (answers.failedStep == null ? "" : ": " + answers.failedStep), Style.ACCENT));
      lines.add(Line.blank());
      lines.add(Line.of("What happened, why, and what to do:", Style.BOLD));
      lines.addAll(Line.wrap(answers.failure == null ? "" : answers.failure, width, "  ", Style.NORMAL));
      lines.add(Line.blank());
      lines.addAll(Line.wrap("Retry runs the same deployment again: every step picks up where it stopped. Details"
          + " are in " + nav.log().file() + ". Without the wizard: " + answers.replayCommand(), width, "",
          Style.NORMAL));
    }
    return lines;
  }

  /** Where backups go and what is left to do for them (the password file), or that none are set. */
  private List<Line> backupLines(int width) {
    List<Line> lines = new ArrayList<>();
    var backup = answers.config == null ? null : answers.config.backup();
    if (backup == null) {
      lines.addAll(Line.wrap("No backup share is set, so no backups are taken: add one with the wizard's data"
          + " source screen or the answer file's backup section (docs/onprem/customer-config.md).", width, "",
          Style.NORMAL));
      return lines;
    }
    lines.addAll(Line.wrap("Backups go to " + backup.share().describe() + ": 'ferry backup --config' with the"
        + " answer file takes one now; 'ferry backup --install-schedule --config' with it installs the nightly job"
        + (backup.schedule() == null ? "" : " (" + backup.schedule() + ")") + ".", width, "", Style.NORMAL));
    if (answers.passwordFileToMake()) {
      lines.addAll(Line.wrap("Create the password file " + answers.passwordFile() + " as root, with the share's"
          + " password on one line, then: chmod 600 " + answers.passwordFile(), width, "", Style.ACCENT));
    }
    return lines;
  }

  private void toggleLog() {
    showLog = !showLog;
  }

  private void retry() {
    answers.plan = null;
    nav.show(Step.PROGRESS);
  }

  private void quit() {
    if (answers.failure == null) {
      nav.finish(ExitCode.OK, answers.outcome == null ? "" : answers.outcome.stack() + " "
          + answers.outcome.release() + " is running and healthy" + (answers.outcome.url() == null ? ""
          : ": " + answers.outcome.url()) + "\nreplay: " + answers.replayCommand());
    } else {
      nav.finish(answers.failureCode == 0 ? ExitCode.INTERNAL : answers.failureCode, "error: "
          + answers.failure.lines().findFirst().orElse("") + "\nrun 'ferry wizard' again, or: "
          + answers.replayCommand());
    }
  }

  @Override
  public String title() {
    return answers.failure == null ? "Done" : "Failed";
  }

  @Override
  public String explanation() {
    return answers.failure == null ? (answers.recover ? "The stack is recovered. Keep the answer file: it repeats"
        + " this recovery." : "The stack is installed. Keep the answer file: it repeats this installation.")
        : "The installation did not finish. Nothing is lost; fix the cause and Retry.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return answers.failure == null ? List.of("Tab move", "Enter choose", "L show log", "Q quit")
        : List.of("Tab move", "Enter choose", "R retry", "L show log", "PgUp/PgDn scroll", "Q quit");
  }

  @Override
  public boolean keysFirst() {
    return true;
  }

  @Override
  public boolean key(KeyStroke k) {
    int height = Math.max(3, form.height() - 4);
    if (showLog && k.getKeyType() == KeyType.PageUp) {
      log.pageUp(height);
      return true;
    }
    if (showLog && k.getKeyType() == KeyType.PageDown) {
      log.pageDown(height);
      return true;
    }
    if (Keys.isLetter(k, 'l')) {
      toggleLog();
      return true;
    }
    if (Keys.isLetter(k, 'q') || Keys.isCtrlC(k)) {
      quit();
      return true;
    }
    if (Keys.isLetter(k, 'r') && answers.failure != null) {
      retry();
      return true;
    }
    if (Keys.isBack(k) && showLog) {
      showLog = false;
      return true;
    }
    return false;
  }
}

package io.ferry.tui.recover;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressEvent;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.ShareException;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Gauge;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Style;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.SnapshotCheck;
import io.ferry.tui.wizard.SnapshotRows;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardAnswers.DataChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * Disaster recovery, screen 3: the snapshots on the share (time, stack and release, host, size; a
 * damaged one marked), one chosen, and checked by reading every chunk back from the share with a gauge
 * ({@code ferry check --read-data} for one snapshot). Only a snapshot that verifies goes on; the
 * configuration the backup kept starts the configuration screen.
 */
public final class SnapshotPage implements Page {
  private final Navigator nav;
  private final Installer installer;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private final Choice snapshots;
  private final ButtonBar buttons;
  private Object listedFrom;
  private volatile ProgressEvent progress;
  private boolean checking;
  /** The snapshot the last check was of, and what it found. */
  private String checkedName;
  private SnapshotCheck checked;
  private String failure;

  public SnapshotPage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    this.answers = answers;
    form.add(Label.live(this::heading));
    snapshots = form.add(Choice.one("Snapshot", List.of(), null).onChange(c -> chosen()));
    buttons = form.add(new ButtonBar(new Button("Check", this::check, () -> !checking),
        new Button("Next", this::next, this::verified), new Button("Back", nav::back)));
    form.add(Label.live(this::result));
  }

  @Override
  public void enter() {
    if (listedFrom != answers.listing) {
      listedFrom = answers.listing;
      snapshots.options(SnapshotRows.options(answers.listing.snapshots()));
      checkedName = null;
      checked = null;
      failure = null;
      form.focus(snapshots, 0);
    }
  }

  private List<Line> heading(int width) {
    List<Line> lines = new ArrayList<>();
    lines.addAll(Line.wrap("Backups in " + answers.listing.where() + ", newest first (times in UTC). Choose one"
        + " and Check it: every chunk is read back and re-hashed.", width, "", Style.NORMAL));
    lines.add(Line.blank());
    return lines;
  }

  private SnapshotEntry selected() {
    String name = snapshots.selectedOne();
    return answers.listing.snapshots().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  private void chosen() {
    failure = null;
  }

  private boolean verified() {
    SnapshotEntry e = selected();
    return !checking && e != null && e.name().equals(checkedName) && checked != null && checked.result().ok();
  }

  private void check() {
    SnapshotEntry e = selected();
    if (checking || e == null) {
      return;
    }
    if (e.damaged()) {
      snapshots.problem("this backup cannot be restored: " + e.problem() + ". Choose another one");
      return;
    }
    CustomerConfig share = CustomerConfig.defaultsFor(e.snapshot().stack())
        .withData(answers.data.backup(), CustomerConfig.BACKUP_DATA_SOURCE, null);
    char[] password = answers.sharePassword == null ? null : answers.sharePassword.clone();
    checking = true;
    checked = null;
    checkedName = null;
    failure = null;
    progress = null;
    nav.log().line("checking snapshot " + e.name() + " in " + answers.listing.where());
    nav.tasks().background("check-snapshot", () -> {
      SnapshotCheck result = null;
      String problem = null;
      try {
        result = installer.check(share, password, e.name(), p -> progress = p);
      } catch (ConfigException | ShareException | BackupException x) {
        problem = x.getMessage();
        nav.log().failure("checking snapshot " + e.name() + ": " + problem, x);
      } catch (RuntimeException x) {
        problem = "checking failed unexpectedly: " + x + " (details in " + nav.log().file() + ")";
        nav.log().failure(problem, x);
      } finally {
        if (password != null) {
          java.util.Arrays.fill(password, '\0');
        }
      }
      SnapshotCheck r = result;
      String p = problem;
      nav.tasks().onUi(() -> {
        checking = false;
        checkedName = e.name();
        checked = r;
        failure = p;
        if (r != null) {
          nav.log().line(r.result().summary());
        }
        form.focus(buttons, r != null && r.result().ok() ? 1 : 0);
      });
    });
  }

  private List<Line> result(int width) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.blank());
    SnapshotEntry e = selected();
    if (checking) {
      ProgressEvent p = progress;
      double f = p == null || p.total() <= 0 ? -1 : (double) p.done() / p.total();
      lines.add(Line.of("Checking " + Gauge.bar(f, 40) + (p == null ? "" : "  " + ConsoleProgressBar.bytes(p.done())
          + " of " + ConsoleProgressBar.bytes(Math.max(0, p.total())))));
      lines.add(Line.of("  reading every chunk of the snapshot from the share and re-hashing it"));
      return lines;
    }
    if (e == null || !e.name().equals(checkedName)) {
      return lines;
    }
    if (failure != null) {
      lines.add(Line.of("CHECK FAILED", Style.ACCENT));
      lines.addAll(Line.wrap(failure, width, "  ", Style.ACCENT));
      return lines;
    }
    var r = checked.result();
    if (!r.ok()) {
      lines.add(Line.of("DAMAGED: this backup cannot be restored", Style.ACCENT));
      lines.addAll(Line.wrap(r.summary() + ". Choose an older backup and check it; 'ferry check' lists what else"
          + " is affected.", width, "  ", Style.ACCENT));
      return lines;
    }
    var s = e.snapshot();
    lines.add(Line.of("Verified: the backup of " + SnapshotRows.when(s.time()) + " UTC can be restored", Style.BOLD));
    lines.add(Line.of("  " + r.chunks() + " chunks read and re-hashed, " + ConsoleProgressBar.bytes(r.bytesRead())
        + " stored; " + s.stack() + " " + s.release() + " from host " + s.host()));
    if (checked.kept() != null) {
      lines.addAll(Line.wrap("The configuration it was taken with is read: it fills the configuration screen.",
          width, "  ", Style.NORMAL));
    } else if (checked.keptProblem() != null) {
      lines.addAll(Line.wrap("Its configuration cannot be used (" + checked.keptProblem() + "): fill in the"
          + " configuration screen yourself.", width, "  ", Style.NORMAL));
    } else {
      lines.addAll(Line.wrap("It kept no configuration: fill in the configuration screen yourself.", width, "  ",
          Style.NORMAL));
    }
    lines.addAll(Line.wrap("Next: the bundle of " + s.stack() + " to start on it (release " + s.release()
        + " or newer).", width, "  ", Style.NORMAL));
    return lines;
  }

  private void next() {
    if (!verified()) {
      if (!checking) {
        check();
      }
      return;
    }
    SnapshotEntry e = selected();
    answers.snapshot = e;
    answers.data = new DataChoice(answers.data.backup(), CustomerConfig.BACKUP_DATA_SOURCE, e.name());
    // The configuration screen starts from what the lost host ran with; the release is the bundle's, not the
    // backup's (a recovery onto a newer release is an update).
    CustomerConfig start = checked.kept() != null ? checked.kept()
        : answers.loaded != null && answers.loaded.stack().equals(e.snapshot().stack()) ? answers.loaded
        : CustomerConfig.defaultsFor(e.snapshot().stack());
    answers.loaded = answers.withData(start).withRelease(null);
    answers.config = null;
    nav.next();
  }

  @Override
  public String title() {
    return "Snapshot";
  }

  @Override
  public String explanation() {
    return "Choose the backup to restore and check that it can be read back whole.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab/arrows move", "Space choose", "F5 check", "F10 next", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    return Keys.pageKey(k, this::next, nav::back, this::check);
  }

}

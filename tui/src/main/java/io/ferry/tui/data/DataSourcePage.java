package io.ferry.tui.data;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backupshare.ShareSnapshots;
import io.ferry.installer.config.BackupSettings;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.share.ShareException;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.Text;
import io.ferry.tui.ui.TextField;
import io.ferry.tui.wizard.BundleFacts;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.SnapshotRows;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardAnswers.DataChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Screen 4 (in a recovery: screen 2): where the data comes from when this host has none, and the
 * backup share ({@link ShareFields}: SMB, NFS or a local folder). "Test connection" connects and lists
 * the snapshots ({@code ShareSnapshots.list}), or puts the share layer's message next to the field it
 * is about. Then one sentence says what this host becomes ({@code DeployPlan.outlook}). The typed
 * password is never part of the answer file: it names the password file, which Confirm writes only
 * when asked to, and the deployment gets the typed password itself.
 */
public final class DataSourcePage implements Page {
  static final String NEWEST = "newest";
  private static final int LISTED = 5;

  private final Navigator nav;
  private final Installer installer;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private final Choice source;
  private final ShareFields share = new ShareFields(this::changed);
  private final ButtonBar test;
  private final Choice restore;
  private final ButtonBar buttons;

  private boolean filled;
  private boolean testing;
  /** The settings (and password) the listing in answers.listing was made with; null: none yet. */
  private String testedKey;
  private String testProblem;
  private String outlook;
  private String outlookProblem;
  private boolean outlookRunning;
  private int outlookRun;

  public DataSourcePage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    this.answers = answers;
    source = Choice.one("Data source", List.of(
        new Choice.Option(CustomerConfig.DEFAULT_DATA_SOURCE, "the bundle's initial data: a new installation"),
        new Choice.Option(CustomerConfig.BACKUP_DATA_SOURCE, "restore a backup from the share below")),
        CustomerConfig.DEFAULT_DATA_SOURCE).onChange(c -> changed());
    restore = Choice.one("Restore", List.of(), null).onChange(c -> refreshOutlook());
    form.add(source);
    share.addTo(form);
    test = form.add(new ButtonBar(new Button("Test connection", () -> test(null), () -> !testing)));
    form.add(Label.live(this::testLines));
    // What happens sits above the list of backups, so it is in view while one is chosen.
    form.add(Label.live(this::outlookLines));
    form.add(restore);
    buttons = form.add(new ButtonBar(new Button("Next", this::next, () -> !testing), new Button("Back", nav::back)));
  }

  @Override
  public void enter() {
    if (!filled) {
      filled = true;
      fill();
    }
    changed();
  }

  /** The fields from the answer file the wizard started from (its backup section and data source). */
  private void fill() {
    CustomerConfig c = answers.config != null ? answers.config : answers.loaded;
    String stack = answers.bundle != null ? answers.bundle.stack() : c != null ? c.stack() : null;
    share.passwordFile.value("/etc/ferry/secrets/" + (stack == null ? "" : stack + "-") + "share-password");
    if (c == null) {
      return;
    }
    source.select(List.of(c.dataSource()));
    if (c.backup() != null) {
      share.fill(c.backup());
    }
    if (c.dataSnapshot() != null) {
      restore.options(List.of(new Choice.Option(c.dataSnapshot(), c.dataSnapshot(), "as the answer file names it")));
      restore.select(List.of(c.dataSnapshot()));
    }
  }

  private boolean fromBackup() {
    return answers.recover || CustomerConfig.BACKUP_DATA_SOURCE.equals(source.selectedOne());
  }

  private boolean noShare() {
    return ShareFields.NONE.equals(share.kind());
  }

  private void changed() {
    share.layout(answers.recover);
    source.visible(!answers.recover);
    test.visible(!noShare());
    restore.visible(!answers.recover && fromBackup() && !noShare() && !restore.options().isEmpty());
    refreshOutlook();
  }

  /** The backup section the answer file had: what the fields do not show of it is kept. */
  private BackupSettings before() {
    CustomerConfig c = answers.config != null ? answers.config : answers.loaded;
    return c == null ? null : c.backup();
  }

  private BackupSettings settings() {
    return share.settings(before(), p -> testProblem = p);
  }

  private boolean tested() {
    if (testedKey == null || answers.listing == null) {
      return false;
    }
    BackupSettings b = share.quietSettings(before());
    return b != null && testedKey.equals(share.key(b));
  }

  // ---------------------------------------------------------------------------------------------
  // Test connection

  /** Connects and lists the snapshots; then runs {@code then} (Next) when it worked. */
  private void test(Runnable then) {
    if (testing || noShare()) {
      return;
    }
    testProblem = null;
    BackupSettings b = settings();
    if (b == null) {
      focusProblem();
      return;
    }
    char[] typed = share.password();
    rememberPassword(typed);
    CustomerConfig probe = probeConfig(b);
    String key = share.key(b);
    testing = true;
    answers.listing = null;
    testedKey = null;
    nav.tasks().background("test-connection", () -> {
      ShareSnapshots.Listing listing = null;
      Exception failure = null;
      try {
        listing = installer.probe(probe, typed.length == 0 ? null : typed);
      } catch (ConfigException | ShareException | BackupException e) {
        failure = e;
        nav.log().failure("test connection to " + b.share().describe() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        failure = e;
        nav.log().failure("test connection to " + b.share().describe() + " failed unexpectedly", e);
      } finally {
        Arrays.fill(typed, '\0');
      }
      ShareSnapshots.Listing found = listing;
      Exception problem = failure;
      nav.tasks().onUi(() -> tested(found, problem, key, probe, then));
    });
  }

  private void tested(ShareSnapshots.Listing listing, Exception failure, String key, CustomerConfig probe,
      Runnable then) {
    testing = false;
    if (failure != null) {
      showFailure(failure, probe);
      return;
    }
    answers.listing = listing;
    testedKey = key;
    List<Choice.Option> options = new ArrayList<>();
    if (!listing.snapshots().isEmpty()) {
      String stack = answers.bundle == null ? null : answers.bundle.stack();
      options.add(new Choice.Option(NEWEST, NEWEST, "the newest backup" + (stack == null ? "" : " of " + stack)
          + " that verifies (checked again when deploying)"));
      options.addAll(SnapshotRows.options(listing.snapshots()));
    }
    restore.options(options);
    changed();
    if (then != null) {
      then.run();
      return;
    }
    form.focus(restore.visible() ? restore : buttons, 0);
  }

  /** The share layer's message next to the field it is about; the rest under the Test button. */
  private void showFailure(Exception e, CustomerConfig probe) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // The configuration a test opens the share with is the wizard's own: messages need not name it.
    String prefix = probe.sourceName() + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    if (!(e instanceof ConfigException || e instanceof ShareException || e instanceof BackupException)) {
      message = "testing the connection failed unexpectedly: " + e + " (details in " + nav.log().file() + ")";
    }
    TextField at = share.fieldFor(e, message);
    if (at != null) {
      at.problem(message);
      form.focus(at, 0);
    } else {
      testProblem = message;
      form.focus(test, 0);
    }
  }

  private void focusProblem() {
    TextField f = share.firstProblem();
    if (f != null) {
      form.focus(f, 0);
    }
  }

  /** The configuration a test opens the share with: only its backup section matters. */
  private CustomerConfig probeConfig(BackupSettings b) {
    String stack = answers.bundle != null ? answers.bundle.stack() : "recovery";
    return CustomerConfig.defaultsFor(stack).withData(b, CustomerConfig.DEFAULT_DATA_SOURCE, null);
  }

  private void rememberPassword(char[] typed) {
    answers.forgetPassword();
    answers.sharePassword = typed.length == 0 ? null : typed.clone();
    answers.savePassword = share.savePassword();
  }

  private List<Line> testLines(int width) {
    List<Line> lines = new ArrayList<>();
    if (noShare()) {
      return lines;
    }
    if (testing) {
      lines.add(Line.of("Connecting and listing the backups ..."));
    } else if (testProblem != null) {
      lines.addAll(Line.wrap(testProblem, width, "", Style.ACCENT));
    } else if (answers.listing != null && testedKey != null) {
      ShareSnapshots.Listing l = answers.listing;
      if (!tested()) {
        lines.add(Line.of("(the settings changed since the test: Test connection again)"));
      }
      List<SnapshotEntry> all = l.snapshots();
      String what = all.isEmpty() ? "the folder holds no backups yet"
          : all.size() + (all.size() == 1 ? " backup" : " backups");
      lines.addAll(Line.wrap("Connected to " + l.where() + ": " + what + (all.isEmpty() ? "" : ":"), width, "",
          Style.BOLD));
      if (!restore.visible()) {
        List<SnapshotEntry> newest = SnapshotRows.newestFirst(all);
        for (SnapshotEntry e : newest.subList(0, Math.min(LISTED, newest.size()))) {
          lines.add(Line.of(Text.fit("  " + SnapshotRows.line(e), width), e.damaged() ? Style.ACCENT : Style.NORMAL));
        }
        if (newest.size() > LISTED) {
          lines.add(Line.of("  and " + (newest.size() - LISTED) + " older"));
        }
      }
    }
    return lines;
  }

  // ---------------------------------------------------------------------------------------------
  // What the host becomes

  private DataChoice choice(BackupSettings b) {
    String snapshot = fromBackup() && restore.selectedOne() != null && !NEWEST.equals(restore.selectedOne())
        ? restore.selectedOne() : null;
    return new DataChoice(b, fromBackup() ? CustomerConfig.BACKUP_DATA_SOURCE : CustomerConfig.DEFAULT_DATA_SOURCE,
        snapshot);
  }

  /** Asks the installer what this host becomes with the current choice (not in a recovery: no bundle yet). */
  private void refreshOutlook() {
    outlook = null;
    outlookProblem = null;
    outlookRunning = false;
    BundleFacts bundle = answers.bundle;
    if (answers.recover || bundle == null || answers.config == null || fromBackup() && !tested()) {
      return;
    }
    BackupSettings b = noShare() ? null : share.quietSettings(before());
    if (!noShare() && b == null) {
      return;
    }
    DataChoice d = choice(b);
    CustomerConfig config = answers.config.withData(d.backup(), d.source(), d.snapshot());
    char[] typed = share.password();
    int run = ++outlookRun;
    outlookRunning = true;
    nav.tasks().background("outlook", () -> {
      String sentence = null;
      String problem = null;
      try {
        sentence = installer.outlook(bundle, config, typed.length == 0 ? null : typed);
      } catch (DeployException e) {
        problem = e.getMessage();
      } catch (RuntimeException e) {
        problem = "cannot tell: " + e;
        nav.log().failure("outlook failed", e);
      } finally {
        Arrays.fill(typed, '\0');
      }
      String s = sentence;
      String p = problem;
      nav.tasks().onUi(() -> {
        if (run == outlookRun) {
          outlookRunning = false;
          outlook = s;
          outlookProblem = p;
        }
      });
    });
  }

  private List<Line> outlookLines(int width) {
    List<Line> lines = new ArrayList<>();
    if (answers.recover) {
      lines.add(Line.blank());
      lines.addAll(Line.wrap("Next: the snapshots on this share, to choose and check the one to restore.", width, "",
          Style.NORMAL));
      return lines;
    }
    if (fromBackup() && !tested()) {
      lines.add(Line.blank());
      lines.addAll(Line.wrap("Test the connection (F5) to see the backups and what this host becomes.", width, "",
          Style.NORMAL));
    } else if (outlookRunning) {
      lines.add(Line.of("What happens: looking at this host ..."));
    } else if (outlook != null) {
      lines.add(Line.blank());
      lines.addAll(Line.wrap("What happens: " + outlook, width, "", Style.BOLD));
      lines.add(Line.blank());
    } else if (outlookProblem != null) {
      lines.add(Line.blank());
      lines.addAll(Line.wrap(outlookProblem, width, "", Style.ACCENT));
    }
    return lines;
  }

  // ---------------------------------------------------------------------------------------------
  // Next

  private void next() {
    if (testing) {
      return;
    }
    testProblem = null;
    if (noShare()) {
      // A new installation without backups.
      answers.forgetPassword();
      answers.savePassword = false;
      answers.data = new DataChoice(null, CustomerConfig.DEFAULT_DATA_SOURCE, null);
      answers.config = answers.withData(answers.config);
      nav.next();
      return;
    }
    BackupSettings b = settings();
    if (b == null) {
      focusProblem();
      return;
    }
    if (!tested()) {
      test(this::next);
      return;
    }
    char[] typed = share.password();
    rememberPassword(typed);
    Arrays.fill(typed, '\0');
    List<SnapshotEntry> all = answers.listing.snapshots();
    if (answers.recover) {
      if (all.isEmpty()) {
        testProblem = "there are no backups in " + answers.listing.where() + " to recover from: check the share and"
            + " the folder";
        form.focus(test, 0);
        return;
      }
      answers.data = new DataChoice(b, CustomerConfig.BACKUP_DATA_SOURCE, null);
      nav.next();
      return;
    }
    if (fromBackup()) {
      if (all.isEmpty()) {
        testProblem = "the share holds no backups yet, so there is nothing to restore: choose vanilla for a new"
            + " installation, or check the folder";
        form.focus(source, 0);
        return;
      }
      SnapshotEntry chosen = all.stream().filter(e -> e.name().equals(restore.selectedOne())).findFirst()
          .orElse(null);
      if (chosen != null && chosen.damaged()) {
        restore.problem("this backup cannot be restored (" + chosen.problem() + "): choose another one");
        form.focus(restore, restore.options().stream().map(Choice.Option::value).toList().indexOf(chosen.name()));
        return;
      }
    }
    answers.data = choice(b);
    answers.config = answers.withData(answers.config);
    nav.next();
  }

  @Override
  public String title() {
    return answers.recover ? "Backup share" : "Data source";
  }

  @Override
  public String explanation() {
    return answers.recover ? "Where the lost host's backups are. Test the connection to list them."
        : "Where the data comes from when this host has none, and where backups go.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab move", "Space select", "F5 test connection", "F10 next", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    return Keys.pageKey(k, this::next, nav::back, () -> test(null));
  }
}

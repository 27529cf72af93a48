package io.ferry.tui.bundle;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressEvent;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.RestoreMatch;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Gauge;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Segment;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.Text;
import io.ferry.tui.ui.TextField;
import io.ferry.tui.wizard.BundleFacts;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.WizardAnswers;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Screen 2: the bundle file. Chosen from the *.ferry files of the current folder or typed, then
 * verified at once (signature, then every entry, as {@code ferry verify}) with a gauge. A bundle
 * that is damaged, tampered with or not signed by a trusted key is refused with the reason. In a
 * recovery (screen 4) it is held against the checked snapshot ({@link RestoreMatch}): a bundle of
 * another stack is refused, another release is said to be an update (or a downgrade).
 */
public final class BundlePage implements Page {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Navigator nav;
  private final Installer installer;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private final TextField path;
  private final TextField trust;
  private volatile ProgressEvent progress;
  private boolean verifying;
  private String refusal;

  public BundlePage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    this.answers = answers;
    List<Path> found = BundleFiles.in(answers.folder);
    Path initial = answers.bundlePath != null ? answers.bundlePath : found.isEmpty() ? null : found.get(0);
    path = new TextField("Bundle file", initial == null ? "" : shown(initial),
        "the release's .ferry file; Enter verifies it").onEnter(this::verify);
    trust = new TextField("Trusted keys", answers.trust.toString(),
        "the vendor's public release key, or a folder of them (ferry --trust)").onEnter(this::verify);
    form.add(path);
    if (found.isEmpty()) {
      form.add(Label.text(Text.pad("", TextField.LABEL_WIDTH + 1) + "(no .ferry files in " + answers.folder
          + "; type the path)"));
    } else {
      List<Choice.Option> options = found.stream().map(p -> new Choice.Option(p.getFileName().toString(),
          ConsoleProgressBar.bytes(p.toFile().length()))).toList();
      form.add(Choice.one("In this folder", options, initial == null ? null : initial.getFileName().toString())
          .onChange(c -> {
            path.value(shown(answers.folder.resolve(c.selectedOne())));
            verify();
          }));
    }
    form.add(trust);
    form.add(new ButtonBar(new Button("Verify", this::verify), new Button("Next", this::next,
        () -> verified() && (match() == null || !match().refused())),
        new Button("Back", nav::back)));
    form.add(Label.live(this::status));
  }

  private String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(answers.folder) ? answers.folder.relativize(abs).toString() : abs.toString();
  }

  private Path chosen() {
    return answers.folder.resolve(path.value()).normalize();
  }

  private boolean verified() {
    BundleFacts b = answers.bundle;
    return !verifying && b != null && b.path().equals(chosen()) && b.trustPath().equals(Path.of(trust.value()));
  }

  private void verify() {
    if (verifying) {
      return;
    }
    if (path.value().isEmpty()) {
      path.problem("choose a bundle file (.ferry) or type its path");
      return;
    }
    if (trust.value().isEmpty()) {
      trust.problem("type the path of the vendor's public key (or a folder of keys)");
      return;
    }
    Path bundle = chosen();
    Path keys = Path.of(trust.value());
    answers.bundle = null;
    refusal = null;
    progress = null;
    verifying = true;
    nav.tasks().background("verify", () -> {
      BundleFacts facts = null;
      String problem = null;
      try {
        facts = installer.verify(bundle, keys, e -> progress = e);
      } catch (DeployException e) {
        problem = e.getMessage();
        nav.log().failure("bundle " + bundle + " refused: " + problem, e);
      } catch (RuntimeException e) {
        problem = "verifying failed unexpectedly: " + e + " (details in " + nav.log().file() + ")";
        nav.log().failure(problem, e);
      }
      BundleFacts f = facts;
      String p = problem;
      nav.tasks().onUi(() -> {
        verifying = false;
        answers.bundle = f;
        answers.bundlePath = bundle;
        answers.trust = keys;
        refusal = p;
      });
    });
  }

  private void next() {
    if (verified()) {
      RestoreMatch m = match();
      if (m == null || !m.refused()) {
        nav.next();
      }
    } else if (!verifying) {
      verify();
    }
  }

  /** In a recovery: whether the verified bundle suits the checked snapshot; null otherwise. */
  private RestoreMatch match() {
    BundleFacts b = answers.bundle;
    if (!answers.recover || answers.snapshot == null || b == null) {
      return null;
    }
    var s = answers.snapshot.snapshot();
    return RestoreMatch.of(s.stack(), s.release(), b.stack(), b.release());
  }

  private List<Line> status(int width) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.blank());
    if (verifying) {
      ProgressEvent e = progress;
      double f = e == null || e.total() <= 0 ? -1 : (double) e.done() / e.total();
      String rate = e == null ? "" : "  " + ConsoleProgressBar.bytes((long) (e.done() / Math.max(1e-3,
          e.elapsedNanos() / 1e9))) + "/s";
      lines.add(Line.of("Verifying " + Gauge.bar(f, 40) + rate));
      lines.add(Line.of("  checking the signature, then every entry's size and SHA-256"));
    } else if (refusal != null) {
      lines.add(Line.of("REFUSED", Style.ACCENT));
      lines.addAll(Line.wrap(refusal, width, "  ", Style.ACCENT));
    } else if (answers.bundle != null) {
      BundleFacts b = answers.bundle;
      lines.add(Line.of(new Segment("Verified: ", Style.BOLD), Segment.plain(b.product() + " " + b.release()
          + " (" + b.stack() + ")" + (b.vendor().isEmpty() ? "" : " by " + b.vendor()))));
      // In a recovery, whether it suits the backup matters most: it comes first.
      RestoreMatch m = match();
      if (m != null) {
        switch (m.kind()) {
          case OTHER_STACK -> lines.add(Line.of("NOT FOR THIS BACKUP", Style.ACCENT));
          case SAME_RELEASE -> lines.add(Line.of("Matches the backup", Style.BOLD));
          case UPDATE -> lines.add(Line.of("A newer release than the backup: an update", Style.BOLD));
          case DOWNGRADE -> lines.add(Line.of("WARNING: an older release than the backup", Style.ACCENT));
        }
        lines.addAll(Line.wrap(m.message(), width, "  ", m.kind() == RestoreMatch.Kind.OTHER_STACK
            || m.kind() == RestoreMatch.Kind.DOWNGRADE ? Style.ACCENT : Style.NORMAL));
        lines.add(Line.blank());
      }
      lines.add(Line.of("  signed by    " + Text.fit(b.signer(), width - 15)));
      lines.add(Line.of("  key          " + b.keyId()));
      lines.add(Line.of("  fingerprint  " + fingerprint(b.fingerprint())));
      lines.add(Line.of("  signed on    " + WHEN.format(b.signedAt())));
      lines.add(Line.of("  size         " + ConsoleProgressBar.bytes(b.bytes())));
      lines.add(Line.of(Text.fit("  images       " + b.images().size() + ": " + String.join(", ", b.images()), width)));
    }
    return lines;
  }

  private static String fingerprint(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      sb.append(hex, i, Math.min(hex.length(), i + 4)).append(i + 4 < hex.length() ? " " : "");
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }

  @Override
  public String title() {
    return "Bundle";
  }

  @Override
  public String explanation() {
    return answers.recover && answers.snapshot != null
        ? "The bundle of " + answers.snapshot.snapshot().stack() + " to start on the backup; verified at once."
        : "Choose the bundle file; it is verified at once against the vendor's key.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab move", "Enter verify/choose", "F10 next", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    return Keys.pageKey(k, this::next, nav::back, null);
  }
}

package io.ferry.tui.welcome;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Style;
import io.ferry.tui.wizard.CheckLines;
import io.ferry.tui.wizard.HostFacts;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.installer.deploy.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Screen 1: what the wizard does, whether to install (or update) or to recover from a backup, and
 * whether Docker is there. The full preflight (disk, memory and
 * CPUs for the chosen size, ports, DNS name) needs the bundle and the configuration, so it runs on
 * the summary screen, where a failure blocks Confirm.
 */
public final class WelcomePage implements Page {
  static final String INSTALL = "install";
  static final String RECOVER = "recover";

  private final Navigator nav;
  private final Installer installer;
  private final Form form = new Form();
  private HostFacts host;
  private boolean checking;

  public WelcomePage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    form.add(Label.text("This wizard installs or updates the vendor's stack on this host from one signed"
        + " bundle file. It asks a few questions, shows what it will do, and changes nothing on this host"
        + " before you confirm. It saves your answers, so the same installation can be repeated with"
        + " 'ferry deploy' (shown at the end)."));
    form.add(Label.text(""));
    form.add(Choice.one("What to do", List.of(
        new Choice.Option(INSTALL, "install or update the stack from a bundle"),
        new Choice.Option(RECOVER, "disaster recovery from a backup (support staff)")),
        answers.recover ? RECOVER : INSTALL).onChange(c -> answers.recover = RECOVER.equals(c.selectedOne())));
    form.add(Label.text(""));
    form.add(Label.text("Host check", Style.BOLD));
    form.add(Label.live(this::checkLines));
    form.add(Label.text(""));
    form.add(Label.text("The full check for the stack (disk, memory, CPUs, ports, DNS name) follows on the"
        + " Summary screen, once the bundle and your settings are known."));
    ButtonBar buttons = form.add(new ButtonBar(new Button("Next", this::next, this::usable),
        new Button("Re-check", this::check),
        new Button("Quit", () -> nav.finish(ExitCode.DECLINED, "wizard closed; nothing was changed"))));
    form.focus(buttons, 0);
  }

  private List<Line> checkLines(int width) {
    if (host == null) {
      return List.of(Line.of(checking ? "checking Docker ..." : "not checked yet"));
    }
    List<Line> lines = new ArrayList<>(CheckLines.of(host.checks(), width));
    if (!host.usable()) {
      lines.add(Line.of("Fix the failed check, then choose Re-check (R): the wizard cannot go on without Docker.",
          Style.ACCENT));
    }
    return lines;
  }

  private boolean usable() {
    return host != null && host.usable();
  }

  private void next() {
    if (usable()) {
      nav.next();
    }
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    host = null;
    nav.tasks().background("host-check", () -> {
      HostFacts facts = installer.host();
      nav.tasks().onUi(() -> {
        host = facts;
        checking = false;
      });
    });
  }

  @Override
  public void enter() {
    if (host == null) {
      check();
    }
  }

  @Override
  public String title() {
    return "Welcome";
  }

  @Override
  public String explanation() {
    return "Installs, updates or recovers the stack. Nothing changes before you confirm.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab move", "Enter choose", "F10 next", "R re-check", "Q quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    if (Keys.isNext(k)) {
      next();
      return true;
    }
    if (Keys.isLetter(k, 'r')) {
      check();
      return true;
    }
    if (Keys.isLetter(k, 'q')) {
      nav.finish(ExitCode.DECLINED, "wizard closed; nothing was changed");
      return true;
    }
    return false;
  }
}

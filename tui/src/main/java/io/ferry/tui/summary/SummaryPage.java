package io.ferry.tui.summary;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.installer.backupshare.PasswordFile;
import io.ferry.installer.deploy.DeployException;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Line;
import io.ferry.tui.ui.Page;
import io.ferry.tui.ui.Style;
import io.ferry.tui.ui.TextField;
import io.ferry.tui.wizard.CheckLines;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.Navigator;
import io.ferry.tui.wizard.PlanFacts;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardMemory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Screen 5: the plan, exactly as {@code ferry plan} prints it, the host checks of {@code ferry
 * preflight} (a FAIL blocks Confirm), and where the answer file will be saved. Confirm is the first
 * action that writes to the host.
 */
public final class SummaryPage implements Page {
  private final Navigator nav;
  private final Installer installer;
  private final WizardAnswers answers;
  private final Form form = new Form();
  private final TextField answerFile;
  private final ButtonBar buttons;
  private boolean planning;
  private String problem;
  /** Why Confirm could not write the password file. */
  private String writeProblem;

  public SummaryPage(Navigator nav, Installer installer, WizardAnswers answers) {
    this.nav = nav;
    this.installer = installer;
    this.answers = answers;
    form.add(Label.live(this::planLines));
    answerFile = new TextField("Save answers to", "",
        "the answer file for 'ferry deploy --config'; written on Confirm");
    form.add(answerFile);
    buttons = form.add(new ButtonBar(new Button("Confirm", this::confirm, this::confirmable),
        new Button("Back", nav::back), new Button("Re-check", this::plan)));
    form.add(Label.live(w -> writeProblem == null ? List.of() : Line.wrap(writeProblem, w, "", Style.ACCENT)));
  }

  @Override
  public void enter() {
    answerFile.value(answers.defaultAnswerFile(answers.bundle.stack()).toString());
    writeProblem = null;
    answers.plan = null;
    form.focus(buttons, 0);
    plan();
  }

  private void plan() {
    if (planning) {
      return;
    }
    planning = true;
    problem = null;
    answers.plan = null;
    var bundle = answers.bundle;
    var config = answers.config;
    char[] password = answers.sharePassword == null ? null : answers.sharePassword.clone();
    nav.tasks().background("plan", () -> {
      PlanFacts plan = null;
      String p = null;
      try {
        plan = installer.plan(bundle, config, password);
      } catch (DeployException e) {
        p = e.getMessage();
        nav.log().failure("planning failed: " + p, e);
      } catch (RuntimeException e) {
        p = "planning failed unexpectedly: " + e + " (details in " + nav.log().file() + ")";
        nav.log().failure(p, e);
      } finally {
        if (password != null) {
          Arrays.fill(password, '\0');
        }
      }
      PlanFacts f = plan;
      String m = p;
      nav.tasks().onUi(() -> {
        planning = false;
        answers.plan = f;
        problem = m;
      });
    });
  }

  private List<Line> planLines(int width) {
    List<Line> lines = new ArrayList<>();
    if (planning) {
      lines.add(Line.of("Planning: comparing the bundle and your settings with this host ..."));
      return lines;
    }
    if (problem != null) {
      lines.add(Line.of("The plan cannot be made:", Style.ACCENT));
      lines.addAll(Line.wrap(problem, width, "  ", Style.ACCENT));
      lines.add(Line.of("Go back (Esc) to change the configuration, or fix the cause and Re-check."));
      return lines;
    }
    PlanFacts plan = answers.plan;
    if (plan == null) {
      return lines;
    }
    if (plan.outlook() != null) {
      lines.addAll(Line.wrap(plan.outlook(), width, "", Style.BOLD));
      lines.add(Line.blank());
    }
    for (String l : plan.lines()) {
      lines.addAll(Line.wrap(l, width, "", Style.NORMAL));
    }
    if (!plan.checks().isEmpty()) {
      lines.add(Line.blank());
      lines.add(Line.of("Host check (ferry preflight)", Style.BOLD));
      lines.addAll(CheckLines.of(plan.checks(), width));
      if (plan.blocked()) {
        lines.add(Line.of("Fix what failed, then Re-check (R); Confirm is possible once nothing fails.",
            Style.ACCENT));
      }
    }
    lines.add(Line.blank());
    Path secret = answers.passwordFile();
    if (secret != null && answers.savePassword && answers.sharePassword != null) {
      lines.addAll(Line.wrap("Confirm also writes the share's password to " + secret + " (root only, mode 600),"
          + " where the nightly backup and 'ferry deploy' read it. The answer file names the file, never the"
          + " password.", width, "", Style.NORMAL));
    } else if (answers.passwordFileToMake()) {
      lines.addAll(Line.wrap("The answer file names the password file " + secret + ", which does not exist: this"
          + " run uses the password you typed; for the nightly backup and 'ferry deploy' create it as root with"
          + " the password on one line, then: chmod 600 " + secret, width, "", Style.ACCENT));
    }
    return lines;
  }

  private boolean confirmable() {
    return !planning && answers.plan != null && !answers.plan.blocked();
  }

  private void confirm() {
    if (!confirmable()) {
      return;
    }
    if (answerFile.value().isEmpty()) {
      answerFile.problem("type where to save the answer file");
      return;
    }
    Path file = answers.folder.resolve(answerFile.value()).normalize();
    Path secret = answers.passwordFile();
    if (secret != null && answers.savePassword && answers.sharePassword != null) {
      try {
        PasswordFile.write(secret, answers.sharePassword);
        nav.log().line("the share's password written to " + secret);
      } catch (IOException | RuntimeException e) {
        writeProblem = "cannot write the password file " + secret + " (" + e.getMessage() + "): run the wizard as"
            + " root, or go back (Esc) to the data source and name another file";
        nav.log().failure(writeProblem, e);
        return;
      }
    }
    try {
      answers.config.write(file);
    } catch (IOException e) {
      answerFile.problem("cannot write " + file + " (" + e.getMessage() + "); choose another path");
      return;
    }
    answers.answerFile = file;
    WizardMemory.standard().remember(answers.bundlePath, answers.trust);
    nav.log().line("answers saved to " + file + "; deploying " + answers.bundlePath);
    nav.show(Step.PROGRESS);
  }

  @Override
  public String title() {
    return "Summary";
  }

  @Override
  public String explanation() {
    return "What will happen on this host. Confirm starts it; nothing was changed so far.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab move", "Enter choose", "PgUp/PgDn scroll", "F10 confirm", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    if (Keys.isNext(k)) {
      confirm();
      return true;
    }
    if (Keys.isBack(k)) {
      nav.back();
      return true;
    }
    if (Keys.isLetter(k, 'r')) {
      plan();
      return true;
    }
    return false;
  }
}

package io.ferry.tui.wizard;

import io.ferry.installer.config.CustomerConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the wizard has gathered so far, screen by screen: the answer file in the making. Nothing of
 * it is written to the host before the Confirm on the summary screen. Used on the UI thread only.
 */
public final class WizardAnswers {
  /** Where trusted release keys live when --trust is not given (as for the CLI). */
  public static final Path DEFAULT_TRUST = Path.of("/etc/ferry/trusted-keys");

  public Path trust = DEFAULT_TRUST;
  /** The bundle file last chosen (the chooser starts there). */
  public Path bundlePath;
  public BundleFacts bundle;
  /** An answer file to start from (--config or loaded on the configuration screen). */
  public CustomerConfig loaded;
  /** The configuration as the configuration screen last accepted it. */
  public CustomerConfig config;
  /** Where Confirm saves the answer file; null: {@link #defaultAnswerFile}. */
  public Path answerFile;
  public PlanFacts plan;
  public DeployOutcome outcome;
  /** Why the last deployment failed (what, why, what to do); null when it did not. */
  public String failure;
  /** The failure's exit code (as 'ferry deploy' would end). */
  public int failureCode;
  /** The step that was running when it failed. */
  public String failedStep;
  /** The deployment's log lines, for "Show log". */
  public java.util.List<String> deployLog = java.util.List.of();
  /** The folder the chooser lists (the current folder). */
  public Path folder = Path.of("").toAbsolutePath();

  /**
   * Where the answer file goes unless the user says otherwise: /etc/ferry/STACK.yaml when that folder
   * can be written, else next to the bundle, else the current folder.
   */
  public Path defaultAnswerFile(String stack) {
    if (answerFile != null) {
      return answerFile;
    }
    Path etc = Path.of("/etc/ferry");
    if (Files.isDirectory(etc) ? Files.isWritable(etc) : Files.isWritable(etc.getParent())) {
      return etc.resolve(stack + ".yaml");
    }
    Path next = bundlePath == null ? null : bundlePath.toAbsolutePath().getParent();
    if (next != null && Files.isWritable(next)) {
      return next.resolve(stack + "-customer.yaml");
    }
    return folder.resolve(stack + "-customer.yaml");
  }

  /** The headless command that replays this wizard run. */
  public String replayCommand() {
    return "ferry deploy " + bundlePath + " --config " + answerFile + " --trust " + trust + " --yes";
  }
}

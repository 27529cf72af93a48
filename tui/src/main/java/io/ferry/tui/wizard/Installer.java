package io.ferry.tui.wizard;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.config.CustomerConfig;
import java.nio.file.Path;

/**
 * What the wizard asks of the installer: the same calls the headless CLI makes, behind one small
 * interface so that the screens can be tested without Docker ({@link LiveInstaller} is the real
 * one). Every method may take long and is called off the UI thread.
 */
public interface Installer {
  /** Is Docker there: the engine and compose, as on the welcome screen. Never throws. */
  HostFacts host();

  /**
   * Verifies the whole bundle (signature, then every entry), reporting progress, then opens it for
   * planning.
   *
   * @throws DeployException whose message says why the bundle is refused and what to do
   */
  BundleFacts verify(Path bundle, Path trust, ProgressListener progress) throws DeployException;

  /** {@code ferry plan} and {@code ferry preflight}: what deploy would do here, and the host checks. */
  PlanFacts plan(BundleFacts bundle, CustomerConfig config) throws DeployException;

  /** {@code ferry deploy --yes} of a plan, reporting each step as a task. */
  DeployOutcome deploy(BundleFacts bundle, PlanFacts plan, ProgressListener progress) throws DeployException;
}

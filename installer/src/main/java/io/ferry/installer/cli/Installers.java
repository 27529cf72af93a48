package io.ferry.installer.cli;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeUnavailableException;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.Deployer;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.DockerUnavailableException;
import java.time.Clock;

/** Opens what the deploy commands need (engine, compose) and turns their absence into one clear failure. */
final class Installers {
  private Installers() {}

  static DockerEngine engine() {
    try {
      return DockerEngine.open();
    } catch (DockerUnavailableException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.DOCKER, e);
    }
  }

  static ComposeCli compose() {
    try {
      return ComposeCli.detect();
    } catch (ComposeUnavailableException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.DOCKER, e);
    }
  }

  static Deployer deployer(DockerEngine engine, ProgressListener progress) {
    return new Deployer(engine, compose(), progress, Clock.systemUTC());
  }

  /** The backup share with the password from its file or the environment, and a prompt only off --json. */
  static Deployer.BackupShareOpener shares(boolean json) {
    PasswordSource passwords = json ? PasswordSource.withoutPrompt() : PasswordSource.standard();
    return config -> BackupShare.open(config, passwords);
  }

  static CommandFailure failure(DeployException e) {
    return new CommandFailure(e.getMessage(), e.exitCode(), e);
  }
}

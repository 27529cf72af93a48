package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.signing.pgp.TrustStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command about a bundle shares: the bundle, the customer config, the trust store. */
final class BundleOptions {
  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The release bundle (.ferry file).")
  Path bundle;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The customer configuration (answer file); without it the bundle's defaults apply.")
  Path config;

  @Option(names = "--trust", paramLabel = "KEYS",
      description = "Trusted release key(s): a public key file or a folder of them (default: /etc/ferry/trusted-keys).")
  Path trust;

  @Option(names = "--json", description = "Machine-readable output: one JSON object per line (events, then the result).")
  boolean json;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  TrustStore trustStore() {
    return VerifyCommand.loadTrust(trust);
  }

  CustomerConfig customerConfig() {
    if (config == null) {
      return null;
    }
    try {
      return CustomerConfig.read(config);
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    }
  }

  ProgressListener progress(PrintWriter out) {
    return json ? new JsonEvents(out) : ConsoleProgressBar.onStderr();
  }
}

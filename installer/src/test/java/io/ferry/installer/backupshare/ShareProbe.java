package io.ferry.installer.backupshare;

import io.ferry.installer.cli.CommandFailure;
import io.ferry.installer.cli.FailureHandler;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A stand-in for the backup commands (which are wired elsewhere): reads --config, opens its backup share
 * and fails through Ferry's real failure handling (terminal line, log file, --json event), so a test can
 * look at everything a failure leaves behind. Run as its own process, so FERRY_LOG can be set.
 */
@Command(name = "probe")
public final class ShareProbe implements Callable<Integer> {
  static final int SHARE_FAILED = 20;

  @Option(names = "--config", required = true) Path config;
  @Option(names = "--json") boolean json;

  @Override
  public Integer call() {
    CustomerConfig c;
    try {
      c = CustomerConfig.read(config);
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), 4, e);
    }
    // What a command prints about the configuration before it opens the share.
    System.out.println("config: " + c);
    System.out.println("share: " + c.backup().share().describe());
    try (Share share = BackupShare.open(c, PasswordSource.withoutPrompt())) {
      System.out.println("opened: " + share.describe() + " " + share.list(""));
      return 0;
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), 4, e);
    } catch (ShareException e) {
      throw new CommandFailure(e.getMessage(), SHARE_FAILED, e);
    }
  }

  public static void main(String[] args) {
    FailureHandler failures = new FailureHandler();
    CommandLine cli = new CommandLine(new ShareProbe());
    cli.setExecutionExceptionHandler(failures);
    cli.setParameterExceptionHandler(failures);
    System.exit(cli.execute(args));
  }
}

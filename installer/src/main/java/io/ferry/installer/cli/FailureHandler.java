package io.ferry.installer.cli;

import io.ferry.installer.deploy.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * One line on stderr per failure, and its exit code. A {@link CommandFailure} is expected and says
 * how to fix it; anything else is a bug and says so. Stack traces only with --stacktrace.
 */
public final class FailureHandler implements CommandLine.IExecutionExceptionHandler,
    CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    boolean trace = hasStacktraceOption(parseResult);
    int code;
    if (ex instanceof CommandFailure f) {
      err.println("error: " + f.getMessage());
      code = f.exitCode();
    } else {
      err.println("internal error: " + ex + " (run again with --stacktrace and report this)");
      code = ExitCode.INTERNAL;
    }
    Throwable detail = ex instanceof CommandFailure ? ex.getCause() : ex;
    String command = String.join(" ", parseResult.originalArgs());
    java.nio.file.Path log = LogFile.failure(command, ex.getMessage(), detail);
    if (code == ExitCode.INTERNAL && log != null) {
      err.println("details: " + log);
    }
    if (hasOption(parseResult, "--json")) {
      // Automation reads stdout: the error comes as an event there too.
      JsonEvents.print(cli.getOut(), "error", java.util.Map.of("exitCode", code,
          "message", String.valueOf(ex instanceof CommandFailure ? ex.getMessage() : ex.toString())));
    }
    if (trace && detail != null) {
      detail.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    PrintWriter err = ex.getCommandLine().getErr();
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCode.USAGE;
  }

  private static boolean hasStacktraceOption(CommandLine.ParseResult r) {
    return hasOption(r, "--stacktrace");
  }

  private static boolean hasOption(CommandLine.ParseResult r, String option) {
    for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }
}

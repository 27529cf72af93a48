package io.ferry.bundler.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns failures into one line on stderr and an exit code. Expected failures are {@link
 * CommandFailure}s thrown by the commands; anything else is a bug and says so. Stack traces only
 * with --stacktrace.
 */
final class Failures {
  private Failures() {}

  /** An expected failure: the message says what happened and what to do; the code is documented. */
  static final class CommandFailure extends RuntimeException {
    final int exitCode;

    CommandFailure(String message, int exitCode, Throwable cause) {
      super(message, cause);
      this.exitCode = exitCode;
    }
  }

  static boolean stacktraceRequested(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult r = parseResult;
    while (r != null) {
      if (r.hasMatchedOption("--stacktrace")) {
        return true;
      }
      r = r.subcommand();
    }
    return false;
  }

  static final class Handler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
      PrintWriter err = cli.getErr();
      boolean trace = stacktraceRequested(parseResult);
      if (ex instanceof CommandFailure f) {
        err.println("error: " + f.getMessage());
        if (trace && f.getCause() != null) {
          f.getCause().printStackTrace(err);
        }
        err.flush();
        return f.exitCode;
      }
      err.println("internal error: " + ex + " (run again with --stacktrace and report this)");
      if (trace) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
  }

  static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
    private final String program;

    UsageHandler(String program) {
      this.program = program;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return 2;
    }
  }
}

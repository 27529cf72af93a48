package io.ferry.bundler.cli;

import java.io.Console;
import java.util.Arrays;

/**
 * Where a key's passphrase comes from: FERRY_KEY_PASSPHRASE (CI), else a prompt on the terminal.
 * Never a command-line option: those end up in shell history and process listings.
 */
final class Passphrases {
  static final String ENV = "FERRY_KEY_PASSPHRASE";

  private Passphrases() {}

  static char[] forExistingKey(String keyFile) {
    String env = System.getenv(ENV);
    if (env != null) {
      return env.toCharArray();
    }
    Console console = requireConsole();
    char[] p = console.readPassword("Passphrase for %s: ", keyFile);
    if (p == null) {
      throw new Failures.CommandFailure("no passphrase given", 8, null);
    }
    return p;
  }

  static char[] forNewKey() {
    String env = System.getenv(ENV);
    char[] p;
    if (env != null) {
      p = env.toCharArray();
    } else {
      Console console = requireConsole();
      p = console.readPassword("Passphrase for the new key: ");
      char[] again = console.readPassword("Repeat the passphrase: ");
      if (p == null || again == null || !Arrays.equals(p, again)) {
        throw new Failures.CommandFailure("the passphrases do not match; nothing was written", 8, null);
      }
    }
    if (p.length < 8) {
      throw new Failures.CommandFailure("the passphrase must have at least 8 characters; nothing was written", 8, null);
    }
    return p;
  }

  private static Console requireConsole() {
    Console console = System.console();
    if (console == null) {
      throw new Failures.CommandFailure("no passphrase: set " + ENV + " or run in a terminal to be asked", 8, null);
    }
    return console;
  }
}

package io.ferry.installer.config;

import java.util.List;

/**
 * The customer configuration cannot be used on this host with this bundle. Each problem is one line
 * that names the file (and line, when known) and the key, and says what to write instead, e.g.
 * {@code customer.yaml line 7: unknown key 'sizng' (did you mean 'sizing'? known: ...)}. Checks that
 * can find several problems at once report them all, one per line of the message.
 */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs a problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, one sentence each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }
}

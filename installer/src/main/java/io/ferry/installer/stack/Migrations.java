package io.ferry.installer.stack;

import java.util.List;

/**
 * What to run after the stack has started (descriptor key {@code migrations}): {@code command} in a
 * container of {@code service}, or, when {@code command} is empty, the service itself as a one-shot
 * run. The vendor makes it idempotent: Ferry runs it on every deploy.
 */
public record Migrations(String service, List<String> command) {
  public Migrations {
    command = command == null ? List.of() : List.copyOf(command);
  }
}

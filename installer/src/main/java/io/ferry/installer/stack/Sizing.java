package io.ferry.installer.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizing profiles a stack offers, in descriptor order, and the one used when the customer
 * configuration names none. Immutable.
 */
public record Sizing(String defaultProfile, Map<String, SizingProfile> profiles) {
  public Sizing {
    profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    if (!profiles.containsKey(defaultProfile)) {
      throw new IllegalArgumentException("default sizing profile '" + defaultProfile + "' is not one of: "
          + String.join(", ", profiles.keySet()));
    }
  }

  /** The single profile "default" (no requirements, no variables) of a stack without sizing. */
  public static Sizing unsized() {
    return new Sizing("default", Map.of("default", new SizingProfile("default", "", 0, 0, Map.of())));
  }

  /**
   * The profile called {@code name}, or the default profile when {@code name} is null.
   *
   * @throws IllegalArgumentException naming the valid profiles when there is no such profile
   */
  public SizingProfile profile(String name) {
    SizingProfile p = profiles.get(name == null ? defaultProfile : name);
    if (p == null) {
      throw new IllegalArgumentException("there is no sizing profile '" + name + "'; choose one of: "
          + String.join(", ", profiles.keySet()));
    }
    return p;
  }
}

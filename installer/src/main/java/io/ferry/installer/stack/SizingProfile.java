package io.ferry.installer.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sizing profile of a stack (e.g. "medium: up to 150 agents"): what the host should offer and
 * the compose variables that tune the stack for it.
 *
 * @param cpus CPUs the host should have for this profile; 0 means no requirement
 * @param memoryMb memory (MiB) the host should have for this profile; 0 means no requirement
 * @param env compose variables this profile sets, in descriptor order (unmodifiable)
 */
public record SizingProfile(String name, String description, int cpus, long memoryMb, Map<String, String> env) {
  public SizingProfile {
    description = description == null ? "" : description;
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }
}

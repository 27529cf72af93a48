package io.ferry.installer.compose;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The little Ferry needs to know about a compose project: its services, their images, profiles and
 * dependencies. Read from the output of {@code config} (interpolated, normalised by compose
 * itself) or, for the profiles, from the compose file; everything else is ignored. Immutable.
 */
record ComposeModel(Map<String, Service> services) {

  record Service(String name, String image, List<String> profiles, List<String> dependsOn) {
    boolean enabledBy(Collection<String> activeProfiles) {
      return profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains);
    }
  }

  static ComposeModel parse(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    Map<String, Service> services = new LinkedHashMap<>();
    if (root instanceof Map<?, ?> top && top.get("services") instanceof Map<?, ?> svcs) {
      for (Map.Entry<?, ?> e : svcs.entrySet()) {
        String name = String.valueOf(e.getKey());
        Map<?, ?> body = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
        Object image = body.get("image");
        services.put(name, new Service(name, image == null ? null : String.valueOf(image),
            strings(body.get("profiles")), dependencies(body.get("depends_on"))));
      }
    } else if (root != null && !(root instanceof Map)) {
      throw new IllegalArgumentException("not a compose document (its top level is not a mapping)");
    }
    return new ComposeModel(services);
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof Collection<?> c) {
      c.forEach(x -> out.add(String.valueOf(x)));
    } else if (o != null) {
      out.add(String.valueOf(o));
    }
    return List.copyOf(out);
  }

  // depends_on is a list of names in the short syntax and a mapping name -> {condition} in the long one.
  private static List<String> dependencies(Object o) {
    if (o instanceof Map<?, ?> m) {
      List<String> out = new ArrayList<>();
      m.keySet().forEach(k -> out.add(String.valueOf(k)));
      return List.copyOf(out);
    }
    return strings(o);
  }

  /** The services the active profiles enable, in the document's order. */
  List<String> enabled(Collection<String> activeProfiles) {
    List<String> out = new ArrayList<>();
    services.values().forEach(s -> {
      if (s.enabledBy(activeProfiles)) {
        out.add(s.name());
      }
    });
    return out;
  }

  /** The named services and everything they depend on, directly or not. */
  Set<String> withDependencies(Collection<String> names) {
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(names);
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (out.add(n) && services.containsKey(n)) {
        todo.addAll(services.get(n).dependsOn());
      }
    }
    return out;
  }

  /** Every profile any service names, sorted. */
  Set<String> allProfiles() {
    Set<String> out = new TreeSet<>();
    services.values().forEach(s -> out.addAll(s.profiles()));
    return out;
  }
}

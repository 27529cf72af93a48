package io.ferry.installer.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The facts of a release's compose file that planning needs: each service's profiles and the
 * project's own named volumes (external ones belong to someone else and are never touched).
 */
record ComposeFacts(Map<String, List<String>> serviceProfiles, Map<String, List<String>> serviceVolumes,
    List<String> volumes) {

  @SuppressWarnings("unchecked")
  static ComposeFacts parse(byte[] compose) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(compose, StandardCharsets.UTF_8));
    Map<String, Object> root = doc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, List<String>> profiles = new LinkedHashMap<>();
    Map<String, List<String>> mounts = new LinkedHashMap<>();
    List<String> volumes = new ArrayList<>();
    if (root.get("volumes") instanceof Map<?, ?> vols) {
      vols.forEach((k, v) -> {
        boolean external = v instanceof Map<?, ?> def && Boolean.TRUE.equals(def.get("external"));
        if (!external) {
          volumes.add(String.valueOf(k));
        }
      });
    }
    if (root.get("services") instanceof Map<?, ?> services) {
      services.forEach((name, def) -> {
        List<String> p = new ArrayList<>();
        List<String> v = new ArrayList<>();
        if (def instanceof Map<?, ?> d) {
          if (d.get("profiles") instanceof List<?> l) {
            l.forEach(x -> p.add(String.valueOf(x)));
          }
          if (d.get("volumes") instanceof List<?> l) {
            for (Object mount : l) {
              String source = mount instanceof Map<?, ?> mm ? String.valueOf(mm.get("source")) : String.valueOf(mount).split(":")[0];
              if (volumes.contains(source)) {
                v.add(source);
              }
            }
          }
        }
        profiles.put(String.valueOf(name), p);
        mounts.put(String.valueOf(name), v);
      });
    }
    return new ComposeFacts(profiles, mounts, volumes);
  }

  /** Services that run with these profiles enabled (no profiles = always). */
  List<String> enabledServices(List<String> enabledProfiles) {
    List<String> enabled = new ArrayList<>();
    serviceProfiles.forEach((service, p) -> {
      if (p.isEmpty() || p.stream().anyMatch(enabledProfiles::contains)) {
        enabled.add(service);
      }
    });
    return enabled;
  }
}

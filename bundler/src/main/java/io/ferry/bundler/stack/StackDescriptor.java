package io.ferry.bundler.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the bundler needs from a stack descriptor (stack.yaml): the stack's name and product, where
 * its compose file, config defaults and vanilla data are. The installer reads the deploy-time keys
 * (sizing, data, migrations, health) from the copy carried in the bundle; the bundler only checks
 * that no unknown top-level key slipped in, so a typo fails at the vendor, not at the customer.
 * Immutable.
 */
public record StackDescriptor(
    String name,
    String product,
    String composeFile,
    String configDefaults,
    String vanillaDatabase,
    Map<String, String> vanillaVolumes,
    List<String> extraFiles) {

  public static final String FILE_NAME = "stack.yaml";
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Set<String> KNOWN_KEYS = Set.of(
      "name", "product", "vendor", "compose", "project", "sizing", "dns_name_variable", "data", "vanilla",
      "migrations", "health", "config", "files", "tls", "ports", "bind_address_variable", "url");

  /** Defaults for a folder that holds only a compose file. */
  public static StackDescriptor defaultsFor(Path folder) throws StackException {
    String name = folder.toAbsolutePath().normalize().getFileName().toString().toLowerCase();
    if (!NAME.matcher(name).matches()) {
      throw new StackException("the folder name '" + name + "' is not a valid stack name ([a-z0-9_.-]);"
          + " add a stack.yaml with 'name: <stack>'");
    }
    return new StackDescriptor(name, name, "compose.yaml", null, null, Map.of(), List.of());
  }

  public static StackDescriptor read(Path file) throws StackException {
    Map<String, Object> doc = YamlDocument.load(file);
    for (String key : doc.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        throw new StackException(file + ": unknown key '" + key + "' (known: " + String.join(", ",
            KNOWN_KEYS.stream().sorted().toList()) + ")");
      }
    }
    String name = YamlDocument.stringAt(doc, "name", file, "");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new StackException(file + ": 'name' is missing or not of [a-z0-9_.-] (found: " + name + ")");
    }
    String product = YamlDocument.stringAt(doc, "product", file, "");
    String compose = YamlDocument.stringAt(doc, "compose", file, "");
    Map<String, Object> config = YamlDocument.mapAt(doc, "config", file, "");
    Map<String, Object> vanilla = YamlDocument.mapAt(doc, "vanilla", file, "");
    Map<String, String> volumes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : YamlDocument.mapAt(vanilla, "volumes", file, "vanilla.").entrySet()) {
      if (!NAME.matcher(e.getKey()).matches() || e.getValue() == null) {
        throw new StackException(file + ": 'vanilla.volumes." + e.getKey() + "' needs a volume name and a folder");
      }
      volumes.put(e.getKey(), String.valueOf(e.getValue()));
    }
    Object files = doc.get("files");
    List<String> extra = files == null ? List.of() : asStringList(files, file);
    return new StackDescriptor(
        name,
        product == null ? name : product,
        compose == null ? "compose.yaml" : compose,
        YamlDocument.stringAt(config, "defaults", file, "config."),
        YamlDocument.stringAt(vanilla, "database", file, "vanilla."),
        volumes,
        extra);
  }

  private static List<String> asStringList(Object v, Path file) throws StackException {
    if (!(v instanceof List<?> list)) {
      throw new StackException(file + ": 'files' must be a list of paths relative to the stack folder");
    }
    return list.stream().map(String::valueOf).toList();
  }
}

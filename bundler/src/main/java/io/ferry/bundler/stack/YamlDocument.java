package io.ferry.bundler.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Loads a YAML file with the safe constructor (no arbitrary types) into plain maps and lists. */
final class YamlDocument {
  private YamlDocument() {}

  static Map<String, Object> load(Path file) throws StackException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(options)).load(reader);
      if (!(doc instanceof Map<?, ?> map)) {
        throw new StackException(file + ": expected a mapping at the top level");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return typed;
    } catch (MarkedYAMLException e) {
      throw new StackException(
          file + " line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem() + " (fix the YAML syntax)");
    } catch (YAMLException e) {
      throw new StackException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new StackException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Map<String, Object> mapAt(Map<String, Object> parent, String key, Path file, String where)
      throws StackException {
    Object v = parent.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new StackException(file + ": '" + where + key + "' must be a mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) m;
    return typed;
  }

  static String stringAt(Map<String, Object> parent, String key, Path file, String where) throws StackException {
    Object v = parent.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof Iterable) {
      throw new StackException(file + ": '" + where + key + "' must be a single value");
    }
    return String.valueOf(v);
  }
}

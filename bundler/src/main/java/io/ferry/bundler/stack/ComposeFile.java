package io.ferry.bundler.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a compose file the bundler needs: every service (in every profile) and the image it
 * runs, after variable interpolation. Everything else is carried verbatim for the installer.
 */
public final class ComposeFile {
  /** A service and its image reference as the engine knows it (tag defaulted to latest). */
  public record ServiceImage(String service, String imageRef) {}

  private ComposeFile() {}

  public static List<ServiceImage> serviceImages(Path file, Map<String, String> env) throws StackException {
    Map<String, Object> doc = YamlDocument.load(file);
    Map<String, Object> services = YamlDocument.mapAt(doc, "services", file, "");
    if (services.isEmpty()) {
      throw new StackException(file + ": no 'services' found; is this a compose file?");
    }
    List<ServiceImage> result = new ArrayList<>();
    for (Map.Entry<String, Object> e : services.entrySet()) {
      String service = e.getKey();
      if (!(e.getValue() instanceof Map<?, ?> def)) {
        throw new StackException(file + ": service '" + service + "' must be a mapping");
      }
      Object image = def.get("image");
      if (image == null) {
        throw new StackException(file + ": service '" + service + "' has no 'image'. Ferry bundles images, it"
            + " does not build them: build the image, tag it and name it with 'image:'");
      }
      String ref;
      try {
        ref = Interpolation.apply(String.valueOf(image), env);
      } catch (Interpolation.InterpolationException ex) {
        throw new StackException(file + ": service '" + service + "' image: " + ex.getMessage());
      }
      if (ref.isBlank() || ref.startsWith(":") || ref.endsWith(":") || ref.contains(" ")) {
        throw new StackException(file + ": service '" + service + "' image '" + image + "' resolves to '" + ref
            + "'; set the variables it uses in the config defaults or give them defaults (${VAR:-value})");
      }
      result.add(new ServiceImage(service, normalize(ref)));
    }
    return result;
  }

  /** Adds ':latest' where no tag or digest is given, as the engine does. */
  static String normalize(String ref) {
    if (ref.contains("@")) {
      return ref;
    }
    int slash = ref.lastIndexOf('/');
    return ref.indexOf(':', slash + 1) < 0 ? ref + ":latest" : ref;
  }
}

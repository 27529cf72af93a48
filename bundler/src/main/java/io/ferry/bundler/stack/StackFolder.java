package io.ferry.bundler.stack;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack as the release engineer keeps it in a folder: a compose file, optionally a descriptor
 * (stack.yaml), config defaults and vanilla data. {@link #open} checks everything that can be
 * checked without Docker, so a bad folder fails before any image is exported. Immutable.
 */
public final class StackFolder {
  /** The variable the compose file may use for the release being built (and later deployed). */
  public static final String RELEASE_VARIABLE = "FERRY_RELEASE";

  private final Path folder;
  private final StackDescriptor descriptor;
  private final boolean hasDescriptor;
  private final Map<String, String> env;
  private final List<ComposeFile.ServiceImage> serviceImages;
  private final Set<String> files;

  private StackFolder(Path folder, StackDescriptor descriptor, boolean hasDescriptor, Map<String, String> env,
      List<ComposeFile.ServiceImage> serviceImages, Set<String> files) {
    this.folder = folder;
    this.descriptor = descriptor;
    this.hasDescriptor = hasDescriptor;
    this.env = env;
    this.serviceImages = serviceImages;
    this.files = files;
  }

  public static StackFolder open(Path folder, String release) throws StackException {
    if (!Files.isDirectory(folder)) {
      throw new StackException("stack folder " + folder + " does not exist; pass the folder that holds compose.yaml");
    }
    Path descriptorFile = folder.resolve(StackDescriptor.FILE_NAME);
    boolean hasDescriptor = Files.isRegularFile(descriptorFile);
    StackDescriptor descriptor =
        hasDescriptor ? StackDescriptor.read(descriptorFile) : StackDescriptor.defaultsFor(folder);
    Set<String> files = new LinkedHashSet<>();
    String compose = checkedFile(folder, descriptor.composeFile(), "compose file");
    files.add(compose);
    if (hasDescriptor) {
      files.add(StackDescriptor.FILE_NAME);
    }
    Map<String, String> env = new LinkedHashMap<>();
    String defaults = descriptor.configDefaults();
    if (defaults == null && Files.isRegularFile(folder.resolve(".env"))) {
      defaults = ".env";
    }
    if (defaults != null) {
      files.add(checkedFile(folder, defaults, "config defaults"));
      env.putAll(EnvFile.read(folder.resolve(defaults)));
    }
    for (String extra : descriptor.extraFiles()) {
      files.add(checkedFile(folder, extra, "file listed under 'files'"));
    }
    env.put(RELEASE_VARIABLE, release);
    List<ComposeFile.ServiceImage> images = ComposeFile.serviceImages(folder.resolve(compose), env);
    if (descriptor.vanillaDatabase() != null) {
      checkedFile(folder, descriptor.vanillaDatabase(), "vanilla database dump");
    }
    for (Map.Entry<String, String> v : descriptor.vanillaVolumes().entrySet()) {
      Path dir = folder.resolve(v.getValue()).normalize();
      if (!dir.startsWith(folder.normalize()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new StackException(folder.resolve(StackDescriptor.FILE_NAME) + ": vanilla volume '" + v.getKey()
            + "' folder " + v.getValue() + " is not a folder inside the stack folder");
      }
    }
    return new StackFolder(folder, descriptor, hasDescriptor, env, List.copyOf(images), files);
  }

  private static String checkedFile(Path folder, String relative, String what) throws StackException {
    Path file = folder.resolve(relative).normalize();
    if (relative.startsWith("/") || !file.startsWith(folder.normalize())) {
      throw new StackException("the " + what + " " + relative + " must be a path inside the stack folder " + folder);
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new StackException("the " + what + " " + file + " does not exist (or is not a plain file)");
    }
    if (relative.chars().anyMatch(Character::isWhitespace)) {
      throw new StackException("the " + what + " '" + relative + "' has a space in its path; rename it");
    }
    return folder.normalize().relativize(file).toString();
  }

  public Path folder() { return folder; }
  public StackDescriptor descriptor() { return descriptor; }
  public boolean hasDescriptor() { return hasDescriptor; }
  public Map<String, String> interpolationEnv() { return env; }
  public List<ComposeFile.ServiceImage> serviceImages() { return serviceImages; }
  /** Stack files to carry, relative to the folder: compose file, descriptor, defaults, extras. */
  public List<String> files() { return new ArrayList<>(files); }
  public String composeFile() { return files.iterator().next(); }
}

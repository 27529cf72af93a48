package io.ferry.tui.wizard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the wizard remembers from its last run on this host: the bundle and the trusted keys it
 * deployed with, so the next run (usually the next release, from the same USB stick or folder)
 * starts there. Saved only at Confirm, like everything the wizard writes; a missing or unreadable
 * file is no memory, never an error.
 */
public final class WizardMemory {
  /** Next to the stacks' folders: root's, and on the host the wizard installs to. */
  public static final Path DEFAULT_FILE = Path.of("/var/lib/ferry/wizard.properties");

  private final Path file;

  public WizardMemory(Path file) {
    this.file = file;
  }

  /** The memory at {@code ferry.wizard.memory} or FERRY_WIZARD_MEMORY (for tests), else {@link #DEFAULT_FILE}. */
  public static WizardMemory standard() {
    String override = System.getProperty("ferry.wizard.memory", System.getenv("FERRY_WIZARD_MEMORY"));
    return new WizardMemory(override != null ? Path.of(override) : DEFAULT_FILE);
  }

  /** Fills in the bundle and trust of the last run where the user gave none and the files still exist. */
  public void recall(WizardAnswers answers) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | RuntimeException e) {
      return;
    }
    String bundle = p.getProperty("bundle");
    if (answers.bundlePath == null && bundle != null && Files.isRegularFile(Path.of(bundle))) {
      answers.bundlePath = Path.of(bundle);
    }
    String trust = p.getProperty("trust");
    if (answers.trust.equals(WizardAnswers.DEFAULT_TRUST) && trust != null && Files.exists(Path.of(trust))) {
      answers.trust = Path.of(trust);
    }
  }

  /** Remembers the bundle and trust the user confirmed; returns false if the file cannot be written. */
  public boolean remember(Path bundle, Path trust) {
    Properties p = new Properties();
    p.setProperty("bundle", bundle.toAbsolutePath().toString());
    p.setProperty("trust", trust.toAbsolutePath().toString());
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "the Ferry wizard's last bundle and trusted keys");
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}

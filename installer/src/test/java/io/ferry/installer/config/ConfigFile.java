package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

/** A customer.yaml in a test's folder: write YAML to it, then read it or expect its one message. */
record ConfigFile(Path file) {
  CustomerConfig read(String yaml) throws Exception {
    Files.writeString(file, yaml);
    return CustomerConfig.read(file);
  }

  String failure(String yaml) throws Exception {
    Files.writeString(file, yaml);
    return assertThrows(ConfigException.class, () -> CustomerConfig.read(file)).getMessage();
  }
}

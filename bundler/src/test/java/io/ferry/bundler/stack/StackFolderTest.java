package io.ferry.bundler.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFolderTest {
  @TempDir Path tmp;

  private Path folder(String name, String compose) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("compose.yaml"), compose);
    return dir;
  }

  @Test
  void aFolderWithOnlyAComposeFileBundlesWithDefaults() throws Exception {
    Path dir = folder("shop", """
        services:
          web:
            image: shop/web:${FERRY_RELEASE}
          cache:
            image: "shop/cache"
            profiles: [extra]
        """);
    StackFolder stack = StackFolder.open(dir, "2.1");
    assertFalse(stack.hasDescriptor());
    assertEquals("shop", stack.descriptor().name());
    assertEquals(List.of("compose.yaml"), stack.files());
    assertEquals(List.of(new ComposeFile.ServiceImage("web", "shop/web:2.1"),
        new ComposeFile.ServiceImage("cache", "shop/cache:latest")), stack.serviceImages());
  }

  @Test
  void defaultsFileFeedsInterpolationAndIsCarried() throws Exception {
    Path dir = folder("acd", "services:\n  db:\n    image: acd/db:${DB_TAG:-1}\n");
    Files.writeString(dir.resolve("stack.yaml"), """
        name: acd
        product: ACD
        config:
          defaults: config/defaults.env
        """);
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/defaults.env"), "# comment\nDB_TAG=\"15\"\n");
    StackFolder stack = StackFolder.open(dir, "1.0.0");
    assertEquals("acd/db:15", stack.serviceImages().get(0).imageRef());
    assertEquals(List.of("compose.yaml", "stack.yaml", "config/defaults.env"), stack.files());
  }

  @Test
  void serviceWithoutImageIsNamedWithTheFix() throws Exception {
    Path dir = folder("b", "services:\n  app:\n    build: .\n");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("service 'app' has no 'image'") && e.getMessage().contains("compose.yaml"),
        e.getMessage());
  }

  @Test
  void unresolvedImageVariableIsExplained() throws Exception {
    Path dir = folder("c", "services:\n  app:\n    image: c/app:${TAG}\n");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("resolves to 'c/app:'"), e.getMessage());
  }

  @Test
  void unknownDescriptorKeyIsRefusedByName() throws Exception {
    Path dir = folder("d", "services:\n  app:\n    image: d/app:1\n");
    Files.writeString(dir.resolve("stack.yaml"), "name: d\nvanila: {}\n");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("unknown key 'vanila'"), e.getMessage());
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() throws Exception {
    Path dir = folder("e", "services:\n  app:\n    image: [unclosed\n");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("compose.yaml line"), e.getMessage());
  }

  @Test
  void filesOutsideTheFolderAreRefused() throws Exception {
    Path dir = folder("f", "services:\n  app:\n    image: f/app:1\n");
    Files.writeString(dir.resolve("stack.yaml"), "name: f\nfiles: [../secret.txt]\n");
    Files.writeString(tmp.resolve("secret.txt"), "x");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("must be a path inside the stack folder"), e.getMessage());
  }

  @Test
  void missingVanillaDataIsNamed() throws Exception {
    Path dir = folder("g", "services:\n  app:\n    image: g/app:1\n");
    Files.writeString(dir.resolve("stack.yaml"), "name: g\nvanilla:\n  database: vanilla/db.sql\n");
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(dir, "1"));
    assertTrue(e.getMessage().contains("vanilla database dump"), e.getMessage());
  }

  @Test
  void missingFolderSaysWhatToPass() {
    StackException e = assertThrows(StackException.class, () -> StackFolder.open(tmp.resolve("nope"), "1"));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}

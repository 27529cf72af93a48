package io.ferry.installer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.stack.YamlTree.Mapping;
import io.ferry.installer.stack.YamlTree.YamlProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlTreeTest {
  static Mapping parse(String yaml) throws YamlProblem {
    return YamlTree.parse(yaml.getBytes(StandardCharsets.UTF_8), "f.yaml");
  }

  @Test
  void suggestionsOnlyForLikelyTypos() {
    List<String> known = List.of("stack", "sizing", "profiles", "dns_names", "environment");
    assertEquals("sizing", YamlTree.suggestion("sizng", known));
    assertEquals("sizing", YamlTree.suggestion("Sizing", known));
    assertEquals("dns_names", YamlTree.suggestion("dns_name", known));
    assertEquals("environment", YamlTree.suggestion("enviroment", known));
    assertEquals("profiles", YamlTree.suggestion("profile", known));
    assertNull(YamlTree.suggestion("release", known));
    assertNull(YamlTree.suggestion("x", known));
  }

  @Test
  void emptyValuesCountAsAbsent() throws Exception {
    Mapping m = parse("a:\nb: ~\nc: null\nd: ''\n");
    assertFalse(m.has("a") || m.has("b") || m.has("c"));
    assertNull(m.text("a", "x"));
    assertTrue(m.has("d"));
    assertEquals("", m.text("d", "x"));
    assertEquals(List.of("a", "b", "c", "d"), List.copyOf(m.keys()));
  }

  @Test
  void textIsKeptAsWritten() throws Exception {
    Mapping m = parse("release: 1.10\nflag: yes\nzip: 0123\nquoted: \"0x1F\"\n");
    assertEquals("1.10", m.text("release", "x"));
    assertEquals("yes", m.text("flag", "x"));
    assertEquals("0123", m.text("zip", "x"));
    assertEquals("0x1F", m.text("quoted", "x"));
  }

  @Test
  void linesAndPaths() throws Exception {
    Mapping m = parse("# comment\n\nouter:\n  inner:\n    key: 1\n");
    Mapping inner = m.mapping("outer", "x").mapping("inner", "x");
    assertEquals("outer.inner", inner.path());
    assertEquals("outer.inner.key", inner.full("key"));
    assertEquals(5, inner.lineOf("key"));
    assertEquals("f.yaml line 5: boom", inner.problem("key", "boom").getMessage());
  }

  @Test
  void aBomIsAllowed() throws Exception {
    byte[] yaml = "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("1", YamlTree.parse(yaml, "f.yaml").text("a", "x"));
  }

  @Test
  void mergeKeysLoseToExplicitKeys() throws Exception {
    Mapping m = parse("base: &b {x: 1, y: 2}\nuse:\n  z: 3\n  <<: *b\n  x: 9\n");
    assertEquals(Map.of("x", "9", "y", "2", "z", "3"), m.textMap("use", "x"));
  }

  @Test
  void nonScalarKeysAreRefused() {
    YamlProblem e = assertThrows(YamlProblem.class, () -> parse("? [a, b]\n: 1\n"));
    assertEquals("f.yaml line 1: keys must be plain names", e.getMessage());
  }

  @Test
  void aliasBombsAreRefused() {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    assertThrows(YamlProblem.class, () -> parse(y.toString()));
  }
}

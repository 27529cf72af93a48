package io.ferry.bundler.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static final Map<String, String> ENV = Map.of("SET", "v", "EMPTY", "");

  private static String apply(String s) throws Exception {
    return Interpolation.apply(s, ENV);
  }

  @Test
  void expandsComposeForms() throws Exception {
    assertEquals("v", apply("$SET"));
    assertEquals("v", apply("${SET}"));
    assertEquals("x-v-y", apply("x-${SET}-y"));
    assertEquals("", apply("${UNSET}"));
    assertEquals("d", apply("${UNSET:-d}"));
    assertEquals("d", apply("${EMPTY:-d}"));
    assertEquals("", apply("${EMPTY-d}"));
    assertEquals("d", apply("${UNSET-d}"));
    assertEquals("alt", apply("${SET:+alt}"));
    assertEquals("", apply("${EMPTY:+alt}"));
    assertEquals("$SET", apply("$$SET"));
    assertEquals("img:v", apply("img:${UNSET:-${SET}}"));
  }

  @Test
  void requiredVariableFailsWithItsMessage() {
    Exception e = assertThrows(Interpolation.InterpolationException.class, () -> apply("${UNSET:?set the tag}"));
    assertTrue(e.getMessage().contains("UNSET") && e.getMessage().contains("set the tag"), e.getMessage());
  }

  @Test
  void malformedSyntaxIsAnError() {
    assertThrows(Interpolation.InterpolationException.class, () -> apply("${SET"));
    assertThrows(Interpolation.InterpolationException.class, () -> apply("${1BAD}"));
  }
}

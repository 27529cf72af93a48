package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputTailTest {
  @Test
  void keepsTheLastLines() {
    String out = IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
    List<String> tail = OutputTail.lines(out, 15);
    assertEquals(15, tail.size());
    assertEquals("line 26", tail.get(0));
    assertEquals("line 40", tail.get(14));
  }

  @Test
  void fewerLinesThanAsked() {
    assertEquals(List.of("a", "b"), OutputTail.lines("a\nb", 15));
    assertEquals(List.of(), OutputTail.lines("", 15));
    assertEquals(List.of(), OutputTail.lines(null, 15));
  }

  @Test
  void dropsBlankLinesEscapesAndRedrawnProgress() {
    String out = "\u001B[32mCreating web ... \u001B[0m\r\nPulling db\r10%\r55%\r100%\n\n   \n"
        + "\u001B[1A\u001B[2KERROR: for web  Container \"abc\" is unhealthy.\r\n";
    assertEquals(List.of("Creating web ...", "100%", "ERROR: for web  Container \"abc\" is unhealthy."),
        OutputTail.lines(out, 15));
  }

  @Test
  void blockIndentsEachLine() {
    assertEquals("  x\n  y", OutputTail.block("w\nx\ny\n", 2));
    assertEquals("", OutputTail.block("\n\n", 2));
  }
}

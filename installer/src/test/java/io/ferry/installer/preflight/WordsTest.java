package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void memoryAsTheSizingProfilesSpeakOfIt() {
    assertEquals("512 MB", Words.memoryMb(512));
    assertEquals("2 GB", Words.memoryMb(2048));
    assertEquals("1.5 GB", Words.memoryMb(1536));
    assertEquals("23.5 GB", Words.memoryBytes(24_684_092L * 1024));
    assertEquals("2 GB", Words.memoryBytes(2L << 30));
    assertEquals("900 MB", Words.memoryBytes(900L << 20));
  }

  @Test
  void messagesSplitIntoFindingAndFixAtTheLastSemicolon() {
    assertArrayEquals(new String[] {"the engine at x does not answer (a; b)", "start it"},
        Words.findingAndFix("the engine at x does not answer (a; b); start it", "fallback"));
    assertArrayEquals(new String[] {"broken", "fallback"}, Words.findingAndFix("broken", "fallback"));
  }
}

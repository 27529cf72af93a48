package io.ferry.common.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {
  private static ProgressEvent event(long done, long total, ProgressEvent.Phase phase) {
    return new ProgressEvent("verifying bundle", "layer ab12", done, total, phase, 2_000_000_000L);
  }

  @Test
  void barShowsPercentBytesRateAndEta() {
    String line = ConsoleProgressBar.render(event(50 << 20, 100 << 20, ProgressEvent.Phase.UPDATE));
    assertTrue(line.contains("[############............]  50% 50.0 MiB/100 MiB 25.0 MiB/s ETA 0:02  layer ab12"), line);
  }

  @Test
  void unknownTotalShowsBytesAndRateOnly() {
    String line = ConsoleProgressBar.render(event(3 << 20, -1, ProgressEvent.Phase.UPDATE));
    assertTrue(line.contains("3.0 MiB 1.5 MiB/s") && !line.contains("%"), line);
  }

  @Test
  void aTaskCutShortIsNeverReportedDone() {
    assertTrue(ConsoleProgressBar.renderFinished(event(10, 100, ProgressEvent.Phase.FINISH)).contains("stopped at 10 B of 100 B"));
    assertTrue(ConsoleProgressBar.renderFinished(event(100, 100, ProgressEvent.Phase.FINISH)).contains("done: 100 B in 2.0 s"));
  }

  @Test
  void withoutATerminalOnlyStartAndFinishArePrinted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false);
    bar.onProgress(event(0, 100, ProgressEvent.Phase.START));
    for (int i = 1; i <= 100; i++) {
      bar.onProgress(event(i, 100, ProgressEvent.Phase.UPDATE));
    }
    bar.onProgress(event(100, 100, ProgressEvent.Phase.FINISH));
    assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count(), out.toString(StandardCharsets.UTF_8));
  }
}

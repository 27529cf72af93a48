package io.ferry.installer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.docker.ContainerState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
  static ContainerState c(String state, String health) {
    return new ContainerState("web", "id", "p_web_1", "abc", state, health, Instant.EPOCH, false);
  }

  static HealthRules.Facts facts(String policy, long exit, Duration interval, Duration timeout) {
    return new HealthRules.Facts(policy, 0, 0, exit, interval, timeout);
  }

  @Test
  void startingIsWaitingEvenWhenChecksFailDuringStartPeriod() {
    assertFalse(HealthRules.judge(c("running", "starting"), null).failing());
    assertFalse(HealthRules.judge(c("created", "none"), null).failing());
    assertFalse(HealthRules.judge(c("paused", "healthy"), null).failing());
  }

  @Test
  void unhealthyGetsTwoMoreChecksBeforeItCounts() {
    HealthRules.Verdict v = HealthRules.judge(c("running", "unhealthy"),
        facts("unless-stopped", 0, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    assertTrue(v.failing());
    assertEquals(Duration.ofSeconds(15), v.grace());
    // tiny intervals still get 3 s, the engine's 30 s defaults are capped at a minute
    assertEquals(Duration.ofSeconds(3), HealthRules.unhealthyGrace(facts("", 0, Duration.ofMillis(500),
        Duration.ofMillis(500))));
    assertEquals(Duration.ofSeconds(60), HealthRules.unhealthyGrace(facts("", 0, null, Duration.ZERO)));
    assertEquals(Duration.ofSeconds(60), HealthRules.unhealthyGrace(null));
  }

  @Test
  void exitedFailsAtOnceUnlessItWillBeRestarted() {
    assertEquals(Duration.ZERO, HealthRules.judge(c("exited", "none"), facts("no", 1, null, null)).grace());
    assertEquals(Duration.ZERO, HealthRules.judge(c("exited", "none"), facts("", 0, null, null)).grace());
    assertEquals(Duration.ZERO, HealthRules.judge(c("dead", "none"), null).grace());
    assertEquals(HealthRules.RESTART_GRACE,
        HealthRules.judge(c("exited", "unhealthy"), facts("unless-stopped", 1, null, null)).grace());
    assertEquals(HealthRules.RESTART_GRACE, HealthRules.judge(c("restarting", "none"), null).grace());
  }

  @Test
  void onFailureRestartsOnlyFailuresAndOnlyUpToItsLimit() {
    assertTrue(HealthRules.willRestart(new HealthRules.Facts("on-failure", 0, 7, 1, null, null)));
    assertTrue(HealthRules.willRestart(new HealthRules.Facts("on-failure", 3, 2, 1, null, null)));
    assertFalse(HealthRules.willRestart(new HealthRules.Facts("on-failure", 3, 3, 1, null, null)));
    assertFalse(HealthRules.willRestart(new HealthRules.Facts("on-failure", 0, 0, 0, null, null)));
    assertTrue(HealthRules.willRestart(new HealthRules.Facts("always", 0, 0, 0, null, null)));
  }

  @Test
  void readyMeansRunningAndHealthyIfChecked() {
    assertTrue(c("running", "healthy").ready());
    assertTrue(c("running", "none").ready());
    assertFalse(c("running", "starting").ready());
    assertFalse(c("exited", "none").ready());
  }
}

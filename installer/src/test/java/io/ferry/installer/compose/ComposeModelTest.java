package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeModelTest {
  // as docker-compose 1.29.2 prints `config` for the sample stack (abridged): every service, profiles kept
  static final String V1_CONFIG = """
      services:
        db:
          image: acd-demo/db:1.0.0
          restart: unless-stopped
        reports:
          depends_on:
            db:
              condition: service_healthy
          image: acd-demo/reports:1.0.0
          profiles:
          - reports
        web:
          depends_on:
            db:
              condition: service_healthy
          image: acd-demo/web:1.0.0
        tool:
          build:
            context: ./tool
          depends_on:
          - web
      version: '3.9'
      volumes:
        db-data: {}
      """;

  @Test
  void servicesImagesProfilesAndBothDependsOnSyntaxes() {
    ComposeModel m = ComposeModel.parse(V1_CONFIG);
    assertEquals(List.of("db", "reports", "web", "tool"), List.copyOf(m.services().keySet()));
    assertEquals("acd-demo/web:1.0.0", m.services().get("web").image());
    assertNull(m.services().get("tool").image());
    assertEquals(List.of("reports"), m.services().get("reports").profiles());
    assertEquals(List.of("db"), m.services().get("reports").dependsOn());
    assertEquals(List.of("web"), m.services().get("tool").dependsOn());
  }

  @Test
  void profilesEnableServices() {
    ComposeModel m = ComposeModel.parse(V1_CONFIG);
    assertEquals(List.of("db", "web", "tool"), m.enabled(List.of()));
    assertEquals(List.of("db", "reports", "web", "tool"), m.enabled(List.of("reports")));
    assertEquals(Set.of("reports"), m.allProfiles());
  }

  @Test
  void dependenciesAreTransitive() {
    ComposeModel m = ComposeModel.parse(V1_CONFIG);
    assertEquals(Set.of("tool", "web", "db"), m.withDependencies(List.of("tool")));
    assertEquals(Set.of("nosuch"), m.withDependencies(List.of("nosuch")));
  }

  @Test
  void emptyAndForeignDocuments() {
    assertEquals(0, ComposeModel.parse("").services().size());
    assertEquals(0, ComposeModel.parse("version: '3'\n").services().size());
    assertThrows(IllegalArgumentException.class, () -> ComposeModel.parse("- a\n- b\n"));
  }
}

package io.ferry.bundler.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.bundler.image.ExportGroups.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportGroupsTest {
  @Test
  void imagesThatShareALayerShareARequest() {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("db:1", new Shape(List.of("base", "db"), 300));
    shapes.put("big:1", new Shape(List.of("bb", "data"), 5000));
    shapes.put("web:1", new Shape(List.of("base", "web"), 200));
    shapes.put("worker:1", new Shape(List.of("other", "web"), 100));
    assertEquals(List.of(List.of("db:1", "web:1", "worker:1"), List.of("big:1")), ExportGroups.group(shapes));
  }

  @Test
  void theSmallestGroupComesFirstAndTiesKeepTheGivenOrder() {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("a:1", new Shape(List.of("a"), 50));
    shapes.put("b:1", new Shape(List.of("b"), 10));
    shapes.put("c:1", new Shape(List.of("c"), 50));
    shapes.put("empty:1", new Shape(List.of(), 10));
    assertEquals(List.of(List.of("b:1"), List.of("empty:1"), List.of("a:1"), List.of("c:1")),
        ExportGroups.group(shapes));
  }

  @Test
  void aChainOfSharedLayersJoinsEveryImageOnIt() {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("x:1", new Shape(List.of("1"), 1));
    shapes.put("y:1", new Shape(List.of("2"), 1));
    shapes.put("z:1", new Shape(List.of("3"), 1));
    shapes.put("xy:1", new Shape(List.of("1", "2"), 1));
    shapes.put("yz:1", new Shape(List.of("2", "3"), 1));
    assertEquals(List.of(List.of("x:1", "y:1", "z:1", "xy:1", "yz:1")), ExportGroups.group(shapes));
  }
}

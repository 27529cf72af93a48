package io.ferry.installer.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ImageTransportTest {
  @Test
  void unsetMeansAutoAndValuesIgnoreCaseAndBlanks() throws IOException {
    assertEquals(ImageLoader.Transport.AUTO, ImageLoader.Transport.parse(null));
    assertEquals(ImageLoader.Transport.AUTO, ImageLoader.Transport.parse("  "));
    assertEquals(ImageLoader.Transport.ARCHIVE, ImageLoader.Transport.parse("Archive"));
    assertEquals(ImageLoader.Transport.REGISTRY, ImageLoader.Transport.parse(" registry "));
  }

  @Test
  void aTypoIsAnErrorNamingTheVariableAndTheChoices() {
    IOException e = assertThrows(IOException.class, () -> ImageLoader.Transport.parse("registy"));
    assertTrue(e.getMessage().contains("FERRY_IMAGE_TRANSPORT") && e.getMessage().contains("auto, registry or archive"),
        e.getMessage());
  }
}

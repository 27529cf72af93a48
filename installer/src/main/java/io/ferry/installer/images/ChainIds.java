package io.ferry.installer.images;

import io.ferry.signing.manifest.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer chain IDs as the engine computes them: a layer is only reusable on top of the same layers,
 * so "does the engine have this layer" means "does it have this chain".
 * chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)), over "sha256:HEX" strings.
 */
public final class ChainIds {
  private ChainIds() {}

  public static List<String> of(List<String> diffIds) {
    List<String> chains = new ArrayList<>(diffIds.size());
    String chain = null;
    for (String diff : diffIds) {
      String d = Sha256.stripPrefix(diff);
      chain = chain == null ? d
          : Sha256.hexOf(("sha256:" + chain + " sha256:" + d).getBytes(StandardCharsets.US_ASCII));
      chains.add(chain);
    }
    return chains;
  }
}

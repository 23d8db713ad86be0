package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/regularization}: Dropout, SpatialDropout1D,
 * GaussianNoise (identities at inference).
 */
public final class RegularizationReaders {
  private RegularizationReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Dropout", c -> {
          c.keys(Set.of("rate", "noise_shape", "seed"));
          return new Dropout(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "SpatialDropout1D", c -> {
          c.keys(Set.of("rate", "noise_shape", "seed"));
          return new SpatialDropout1D(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "GaussianNoise", c -> {
          c.keys(Set.of("stddev", "seed"));
          return new GaussianNoise(c.name(), c.number("stddev", null), c.dtypePolicy(), c.era());
        });
  }
}

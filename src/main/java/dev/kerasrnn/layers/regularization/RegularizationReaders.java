package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/regularization}: Dropout, SpatialDropout1D/2D/3D,
 * GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization (identities at
 * inference; their data_format, seeds and noise shapes change nothing then).
 */
public final class RegularizationReaders {
  private static final Set<String> DROPOUT = Set.of("rate", "noise_shape", "seed");
  private static final Set<String> SPATIAL = Set.of("rate", "noise_shape", "seed",
      "data_format");

  private RegularizationReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Dropout", c -> {
          c.keys(DROPOUT);
          return new Dropout(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "SpatialDropout1D", c -> {
          c.keys(DROPOUT);
          return new SpatialDropout1D(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "SpatialDropout2D", c -> {
          c.keys(SPATIAL);
          return new SpatialDropout2D(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "SpatialDropout3D", c -> {
          c.keys(SPATIAL);
          return new SpatialDropout3D(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "GaussianNoise", c -> {
          c.keys(Set.of("stddev", "seed"));
          return new GaussianNoise(c.name(), c.number("stddev", null), c.dtypePolicy(), c.era());
        },
        "GaussianDropout", c -> {
          c.keys(Set.of("rate", "seed"));
          return new GaussianDropout(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "AlphaDropout", c -> {
          c.keys(DROPOUT);
          return new AlphaDropout(c.name(), c.number("rate", null), c.dtypePolicy(), c.era());
        },
        "ActivityRegularization", c -> {
          c.keys(Set.of("l1", "l2"));
          return new ActivityRegularization(c.name(), c.number("l1", 0.0), c.number("l2", 0.0),
              c.dtypePolicy(), c.era());
        });
  }
}

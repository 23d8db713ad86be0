package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/reshaping}: Flatten, Reshape, RepeatVector, Permute. */
public final class ReshapingReaders {
  private ReshapingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Flatten", c -> {
          c.keys(Set.of("data_format"));
          c.channelsLast();
          return new Flatten(c.name(), c.dtypePolicy(), c.era());
        },
        "Reshape", c -> {
          c.keys(Set.of("target_shape"));
          return new Reshape(c.name(), c.longs("target_shape"), c.dtypePolicy(), c.era());
        },
        "RepeatVector", c -> {
          c.keys(Set.of("n"));
          return new RepeatVector(c.name(), c.positive("n"), c.dtypePolicy(), c.era());
        },
        "Permute", c -> {
          c.keys(Set.of("dims"));
          return new Permute(c.name(), c.ints("dims"), c.dtypePolicy(), c.era());
        });
  }
}

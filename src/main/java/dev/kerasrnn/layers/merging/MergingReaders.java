package dev.kerasrnn.layers.merging;

import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/merging}: Concatenate, Add, Subtract, Multiply,
 * Average, Maximum, Minimum, Dot.
 */
public final class MergingReaders {
  private MergingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Concatenate", c -> {
          c.keys(Set.of("axis"));
          return new Concatenate(c.name(), (int) c.number("axis", -1.0), c.dtypePolicy(), c.era());
        },
        "Add", c -> {
          c.keys();
          return new Add(c.name(), c.dtypePolicy(), c.era());
        },
        "Subtract", c -> {
          c.keys();
          return new Subtract(c.name(), c.dtypePolicy(), c.era());
        },
        "Multiply", c -> {
          c.keys();
          return new Multiply(c.name(), c.dtypePolicy(), c.era());
        },
        "Average", c -> {
          c.keys();
          return new Average(c.name(), c.dtypePolicy(), c.era());
        },
        "Maximum", c -> {
          c.keys();
          return new Maximum(c.name(), c.dtypePolicy(), c.era());
        },
        "Minimum", c -> {
          c.keys();
          return new Minimum(c.name(), c.dtypePolicy(), c.era());
        },
        "Dot", c -> {
          c.keys(Set.of("axes", "normalize"));
          return new Dot(c.name(), c.ints("axes"), c.bool("normalize", false), c.dtypePolicy(),
              c.era());
        });
  }
}

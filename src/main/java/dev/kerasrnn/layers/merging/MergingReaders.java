package dev.kerasrnn.layers.merging;

import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/merging}: Concatenate, Add, Multiply, Average. */
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
        "Multiply", c -> {
          c.keys();
          return new Multiply(c.name(), c.dtypePolicy(), c.era());
        },
        "Average", c -> {
          c.keys();
          return new Average(c.name(), c.dtypePolicy(), c.era());
        });
  }
}

package dev.kerasrnn.layers.activations;

import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/activations}: Activation, ReLU, LeakyReLU, PReLU,
 * ELU, Softmax, and tf-keras's ThresholdedReLU.
 */
public final class ActivationReaders {
  private ActivationReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Activation", c -> {
          c.keys(Set.of("activation"));
          return new Activation(c.name(), c.activation("activation"), c.dtypePolicy(), c.era());
        },
        "ReLU", c -> {
          c.keys(Set.of("max_value", "negative_slope", "threshold"));
          Double max = c.has("max_value") ? c.number("max_value", null) : null;
          return new ReLU(c.name(), max, c.number("negative_slope", 0.0),
              c.number("threshold", 0.0), c.dtypePolicy(), c.era());
        },
        "LeakyReLU", ActivationReaders::leakyRelu,
        "PReLU", c -> {
          c.keys(Set.of("alpha_initializer", "alpha_regularizer", "alpha_constraint",
              "shared_axes"));
          int[] shared = c.has("shared_axes") ? c.ints("shared_axes") : null;
          return new PReLU(c.name(), shared, c.initializer("alpha_initializer"),
              c.dtypePolicy(), c.era());
        },
        "ELU", c -> {
          c.keys(Set.of("alpha"));
          return new ELU(c.name(), c.number("alpha", 1.0), c.dtypePolicy(), c.era());
        },
        "Softmax", c -> {
          c.keys(Set.of("axis"));
          int[] axes = c.ints("axis", -1);
          if (axes.length != 1) {
            throw c.error("axis", "with more than one axis (a logsumexp over them) is not"
                + " supported, given " + c.json().get("axis"));
          }
          return new Softmax(c.name(), axes[0], c.dtypePolicy(), c.era());
        },
        "ThresholdedReLU", c -> {
          if (c.era() == KerasEra.KERAS_3) {
            throw c.error("class_name", "ThresholdedReLU is a tf-keras layer; Keras 3 has none");
          }
          c.keys(Set.of("theta"));
          return new ThresholdedReLU(c.name(), c.number("theta", 1.0), c.dtypePolicy(), c.era());
        });
  }

  /** Keras 3 names the slope {@code negative_slope} (accepting tf-keras's {@code alpha}). */
  private static LeakyReLU leakyRelu(LayerConfig c) {
    if (c.era() == KerasEra.KERAS_3) {
      c.keys(Set.of("negative_slope", "alpha"));
      double slope = c.has("alpha") ? c.number("alpha", null) : c.number("negative_slope", 0.3);
      return new LeakyReLU(c.name(), slope, c.dtypePolicy(), c.era());
    }
    c.keys(Set.of("alpha"));
    return new LeakyReLU(c.name(), c.number("alpha", 0.3), c.dtypePolicy(), c.era());
  }
}

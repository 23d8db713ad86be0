package dev.kerasrnn.layers.activations;

import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/activations}: Activation. */
public final class ActivationReaders {
  private ActivationReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("Activation", c -> {
      c.keys(Set.of("activation"));
      return new Activation(c.name(), c.activation("activation"), c.dtypePolicy(), c.era());
    });
  }
}

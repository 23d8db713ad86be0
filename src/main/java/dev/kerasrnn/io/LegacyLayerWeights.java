package dev.kerasrnn.io;

import java.util.List;
import java.util.Objects;

/**
 * The weights a legacy {@code .h5} file stores for one layer, in {@code weight_names} order, which
 * is the order Keras assigns them in ({@code layer.trainable_weights + non_trainable_weights}).
 * Weightless layers (InputLayer, Dropout) have an empty list.
 */
public record LegacyLayerWeights(String layerName, List<NamedWeight> weights) {
  public LegacyLayerWeights {
    Objects.requireNonNull(layerName, "layerName");
    weights = List.copyOf(weights);
  }
}

package dev.kerasrnn.layers.normalization;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/normalization}: BatchNormalization, LayerNormalization. */
public final class NormalizationReaders {
  private static final Set<String> NORM = Set.of("epsilon", "center", "scale", "beta_initializer",
      "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
      "gamma_constraint");

  private NormalizationReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("BatchNormalization", NormalizationReaders::batchNormalization,
        "LayerNormalization", NormalizationReaders::layerNormalization);
  }

  static BatchNormalization batchNormalization(LayerConfig c) {
    c.keys(NORM, Set.of("axis", "momentum", "moving_mean_initializer",
        "moving_variance_initializer", "synchronized", "renorm", "renorm_clipping",
        "renorm_momentum", "fused", "virtual_batch_size", "adjustment"));
    c.refuseTrue("renorm");
    c.refuseTrue("fused");
    c.refuseSet("virtual_batch_size");
    c.refuseSet("adjustment");
    long[] axis = c.longs("axis", -1);
    if (axis.length != 1) {
      throw c.error("axis", "must be a single axis, given " + c.json().get("axis"));
    }
    JsonNode fusedNode = c.json().get("fused");
    Boolean fused = fusedNode == null || fusedNode.isNull() ? null : c.bool("fused", false);
    return BatchNormalization.builder().name(c.name()).axis((int) axis[0]).fused(fused)
        .epsilon(c.number("epsilon", 1e-3)).momentum(c.number("momentum", 0.99))
        .center(c.bool("center", true)).scale(c.bool("scale", true))
        .gammaInitializer(c.initializer("gamma_initializer"))
        .betaInitializer(c.initializer("beta_initializer"))
        .movingMeanInitializer(c.initializer("moving_mean_initializer"))
        .movingVarianceInitializer(c.initializer("moving_variance_initializer"))
        .dtype(c.dtypePolicy()).era(c.era()).build();
  }

  static LayerNormalization layerNormalization(LayerConfig c) {
    c.keys(NORM, Set.of("axis", "rms_scaling"));
    c.refuseTrue("rms_scaling");
    return LayerNormalization.builder().name(c.name()).axis(c.ints("axis", -1))
        .epsilon(c.number("epsilon", 1e-3)).center(c.bool("center", true))
        .scale(c.bool("scale", true)).gammaInitializer(c.initializer("gamma_initializer"))
        .betaInitializer(c.initializer("beta_initializer")).dtype(c.dtypePolicy()).era(c.era())
        .build();
  }
}

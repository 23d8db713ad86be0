package dev.kerasrnn.layers.attention;

import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/attention}: Attention, AdditiveAttention. tf-keras's
 * deprecated {@code causal=True} (an old config's stand-in for {@code use_causal_mask}) is
 * refused; {@code dropout} is read (an inference no-op).
 */
public final class AttentionReaders {
  private AttentionReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Attention", c -> {
          c.keys(Set.of("use_scale", "score_mode", "dropout", "causal"));
          c.refuseTrue("causal");
          return new Attention(c.name(), c.bool("use_scale", false), c.text("score_mode", "dot"),
              dropout(c), c.dtypePolicy(), c.era());
        },
        "AdditiveAttention", c -> {
          c.keys(Set.of("use_scale", "dropout", "causal"));
          c.refuseTrue("causal");
          return new AdditiveAttention(c.name(), c.bool("use_scale", true), dropout(c),
              c.dtypePolicy(), c.era());
        });
  }

  private static double dropout(LayerConfig c) {
    double d = c.number("dropout", 0.0);
    if (!(d >= 0 && d <= 1)) {
      throw c.error("dropout", "must be in [0, 1], given " + d);
    }
    return d;
  }
}

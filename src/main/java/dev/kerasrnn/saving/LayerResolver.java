package dev.kerasrnn.saving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;

/**
 * Builds a layer nested in another layer's config (a wrapper's {@code layer}); the registry
 * implements it, so that wrappers can hold any supported layer without knowing the families.
 */
@FunctionalInterface
public interface LayerResolver {
  /** The layer of {@code {"class_name": ..., "config": {...}}} under {@code era}. */
  Layer resolve(JsonNode layer, KerasEra era, Integer implementation);
}

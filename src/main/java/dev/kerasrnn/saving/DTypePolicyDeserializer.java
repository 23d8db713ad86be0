package dev.kerasrnn.saving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DTypePolicy;
import java.util.Set;

/**
 * A layer config's {@code "dtype"} as a {@link DTypePolicy}. Keras writes it as a string (tf-keras
 * for plain dtypes, Keras 3.0–3.3), as Keras 3's {@code {"class_name": "DTypePolicy", "config":
 * {"name": ...}}} ({@code FloatDTypePolicy} in some 3.x releases), or as tf-keras's {@code
 * {"class_name": "Policy", "config": {"name": ...}}} for mixed policies. Equivalent of {@code
 * keras.dtype_policies.get}.
 */
public final class DTypePolicyDeserializer {
  private static final Set<String> POLICY_CLASSES = Set.of("DTypePolicy", "FloatDTypePolicy",
      "Policy");

  private DTypePolicyDeserializer() {}

  /**
   * The policy of {@code d} (absent or null: float32, the default policy).
   *
   * @throws ConfigException naming the layer, what was expected and what was given
   */
  public static DTypePolicy deserialize(JsonNode d, String layer) {
    if (d == null || d.isNull()) {
      return DTypePolicy.FLOAT32;
    }
    String name;
    if (d.isTextual()) {
      name = d.asText();
    } else if (d.isObject()) {
      String cls = d.path("class_name").asText("");
      if (!POLICY_CLASSES.contains(cls)) {
        throw new ConfigException("layer '" + layer + "': unsupported dtype policy class '" + cls
            + "'; supported: DTypePolicy, FloatDTypePolicy (Keras 3), Policy (tf-keras)");
      }
      JsonNode n = d.path("config").path("name");
      if (!n.isTextual()) {
        throw new ConfigException("layer '" + layer + "': dtype policy " + cls
            + " without a string config.name: " + d);
      }
      name = n.asText();
    } else {
      throw new ConfigException("layer '" + layer + "': dtype must be a name or a dtype policy"
          + " object, given " + d);
    }
    try {
      return DTypePolicy.of(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + layer + "': " + e.getMessage());
    }
  }
}

package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A layer entry of a model config: {@code {"class_name", "config", "name", "inbound_nodes"}}.
 *
 * @param json the whole entry, as {@link LayerDeserializer} and the core deserializer take it
 * @param nodes the layer's calls in the model, in order (node indices count from 0)
 */
public record LayerSpec(String name, String className, JsonNode json, List<NodeSpec> nodes) {
  public LayerSpec {
    nodes = List.copyOf(nodes);
  }

  /** The {@code "config"} object of the entry. */
  public JsonNode config() {
    return json.path("config");
  }
}

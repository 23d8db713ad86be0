package dev.kerasrnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Counts the layers and layer calls a model config declares, before any layer is built, and
 * refuses configs above {@link Limits#maxLayers()} / {@link Limits#maxNodes()}. Layers are the
 * elements of every {@code layers} array (nested models too) and every wrapped layer or cell
 * ({@code layer}, {@code forward_layer}, {@code backward_layer}, {@code cell}, {@code cells});
 * calls are the elements of every {@code inbound_nodes} array. The walk is iterative.
 */
public final class ConfigLimits {
  private static final Set<String> WRAPPED = Set.of("layer", "forward_layer", "backward_layer",
      "cell");

  private ConfigLimits() {}

  /**
   * @throws KerasFileException naming {@code file} and {@code where} if a limit is exceeded
   */
  public static void check(JsonNode config, Path file, String where) {
    Limits limits = Limits.current();
    long layers = 0;
    long nodes = 0;
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(config);
    while (!pending.isEmpty()) {
      JsonNode n = pending.pop();
      if (n.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          String key = e.getKey();
          if ((key.equals("layers") || key.equals("cells")) && v.isArray()) {
            layers += v.size();
          } else if (WRAPPED.contains(key) && v.isObject()) {
            layers++;
          } else if (key.equals("inbound_nodes") && v.isArray()) {
            nodes += v.size();
          }
          if (v.isContainerNode()) {
            pending.push(v);
          }
        }
      } else if (n.isArray()) {
        n.forEach(child -> {
          if (child.isContainerNode()) {
            pending.push(child);
          }
        });
      }
      if (layers > limits.maxLayers()) {
        throw new KerasFileException(file, where, "expected at most " + limits.maxLayers()
            + " layers (kerasrnn.limits.maxLayers), the config declares more");
      }
      if (nodes > limits.maxNodes()) {
        throw new KerasFileException(file, where, "expected at most " + limits.maxNodes()
            + " layer calls (kerasrnn.limits.maxNodes), the config declares more");
      }
    }
  }
}

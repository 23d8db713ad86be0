package dev.kerasrnn.tracing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The names TF Python gives the ops of one graph: {@code Graph.unique_name} (a name is made
 * unique by appending {@code _1}, {@code _2}, ...; names are compared case-insensitively; a name
 * scope uses up a name like an op does) and {@code Graph.name_scope} (a scope ending in {@code /}
 * is reused as is). Grappler orders the inputs of commutative ops by name, so the names decide
 * bits.
 */
final class PyNames {
  private final Map<String, Integer> inUse = new HashMap<>();

  /**
   * {@code Graph.unique_name(name)} under the name scope {@code stack} ("" for the root): the
   * full name, marked as used.
   */
  String unique(String stack, String name) {
    String full = stack.isEmpty() ? name : stack + "/" + name;
    String key = full.toLowerCase(Locale.ROOT);
    int i = inUse.getOrDefault(key, 0);
    inUse.put(key, i + 1);
    if (i == 0) {
      return full;
    }
    String base = key;
    while (inUse.containsKey(key)) {
      key = base + "_" + i;
      i++;
    }
    inUse.put(key, 1);
    return full + "_" + (i - 1);
  }

  /**
   * {@code Graph.name_scope(name)} entered under {@code stack}: the new stack. A name ending in
   * {@code /} is an absolute scope, reused without making it unique; an empty name is the root.
   */
  String enterScope(String stack, String name) {
    if (name == null || name.isEmpty()) {
      return "";
    }
    if (name.endsWith("/")) {
      return name.substring(0, name.length() - 1);
    }
    return unique(stack, name);
  }
}

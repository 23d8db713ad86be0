package dev.kerasrnn.core;

/**
 * Resource limits, checked before anything a file or request declares is allocated: a model file
 * is a hostile input until it has been read. Each limit can be changed for the whole JVM with the
 * system property {@code kerasrnn.limits.<name>} (e.g. {@code -Dkerasrnn.limits.maxTensorBytes=
 * 4294967296}), read at each load; {@link #DEFAULT} holds the values used otherwise.
 *
 * @param maxFileBytes largest HDF5 file (or {@code .keras} entry) read into memory
 * @param maxTensorBytes largest dataset or attribute a file may declare; an uncompressed one must
 *     also fit in the file, a compressed one in {@link #MAX_DEFLATE_RATIO} times the file
 * @param maxJsonBytes largest JSON document (model config, metadata, JSON input)
 * @param maxJsonDepth deepest nesting of JSON arrays and objects
 * @param maxHdfDepth deepest HDF5 group nesting walked
 * @param maxHdfNodes most HDF5 groups and datasets walked in one file
 * @param maxLayers most layers in a model config (nested models, wrappers and cells included)
 * @param maxNodes most layer calls (inbound nodes) in a model config
 */
public record Limits(long maxFileBytes, long maxTensorBytes, long maxJsonBytes, int maxJsonDepth,
    int maxHdfDepth, int maxHdfNodes, int maxLayers, int maxNodes) {
  /** Deflate's largest expansion (about 1032:1); no filter Keras uses expands more. */
  public static final long MAX_DEFLATE_RATIO = 1100;

  /** The defaults: 1 GiB files and tensors, 16 MiB / depth-100 JSON, 10,000 layers. */
  public static final Limits DEFAULT = new Limits(1L << 30, 1L << 30, 16L << 20, 100, 64,
      100_000, 10_000, 100_000);

  private static final String PREFIX = "kerasrnn.limits.";

  public Limits {
    if (maxFileBytes <= 0 || maxTensorBytes <= 0 || maxJsonBytes <= 0 || maxJsonDepth <= 0
        || maxHdfDepth <= 0 || maxHdfNodes <= 0 || maxLayers <= 0 || maxNodes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    maxFileBytes = Math.min(maxFileBytes, Integer.MAX_VALUE - 8);
    maxJsonBytes = Math.min(maxJsonBytes, Integer.MAX_VALUE - 8);
  }

  /** The limits in force: {@link #DEFAULT}, each overridden by its system property if set. */
  public static Limits current() {
    Limits d = DEFAULT;
    return new Limits(get("maxFileBytes", d.maxFileBytes), get("maxTensorBytes", d.maxTensorBytes),
        get("maxJsonBytes", d.maxJsonBytes), (int) get("maxJsonDepth", d.maxJsonDepth),
        (int) get("maxHdfDepth", d.maxHdfDepth), (int) get("maxHdfNodes", d.maxHdfNodes),
        (int) get("maxLayers", d.maxLayers), (int) get("maxNodes", d.maxNodes));
  }

  private static long get(String name, long fallback) {
    String v = System.getProperty(PREFIX + name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(v.trim());
      if (parsed <= 0 || parsed > Integer.MAX_VALUE && !name.endsWith("Bytes")) {
        throw new NumberFormatException("out of range");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException("system property " + PREFIX + name + ": expected a positive"
          + " integer, given '" + v + "'");
    }
  }
}

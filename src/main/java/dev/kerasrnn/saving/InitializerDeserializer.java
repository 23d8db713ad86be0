package dev.kerasrnn.saving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Constant;
import dev.kerasrnn.initializers.GlorotNormal;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.HeNormal;
import dev.kerasrnn.initializers.HeUniform;
import dev.kerasrnn.initializers.Identity;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.LecunNormal;
import dev.kerasrnn.initializers.LecunUniform;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.initializers.Orthogonal;
import dev.kerasrnn.initializers.RandomNormal;
import dev.kerasrnn.initializers.RandomUniform;
import dev.kerasrnn.initializers.TruncatedNormal;
import dev.kerasrnn.initializers.VarianceScaling;
import dev.kerasrnn.initializers.Zeros;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Initializers named in a Keras config: a string ({@code "glorot_uniform"}) or
 * {@code {"class_name", "config"}}, with the class names and aliases of both eras (Keras 3's
 * {@code OrthogonalInitializer}, tf-keras's {@code Orthogonal}, snake_case names, tf-keras's
 * {@code ...V2} names, {@code uniform}/{@code normal}/{@code one}/{@code zero}). Equivalent of
 * {@code keras.initializers.deserialize}.
 *
 * <p>With an explicit integer {@code seed} the initializer reproduces the given era's values bit
 * for bit; the era matters (seed folding, and float64 bounds/constants under Keras 3). A config
 * Keras itself would refuse (an unknown key, a bad mode or distribution, a non-integer seed) is
 * refused with a {@link ConfigException}. An initializer this library cannot run (an unknown or
 * custom class, a Keras 3 {@code SeedGenerator} seed) is accepted and fails only if asked for a
 * value, i.e. when no weights were loaded.
 */
public final class InitializerDeserializer {
  private static final Set<String> SEED_ONLY = Set.of("seed");
  private static final Map<String, String> CANONICAL = Map.ofEntries(
      Map.entry("GlorotUniform", "GlorotUniform"), Map.entry("glorot_uniform", "GlorotUniform"),
      Map.entry("GlorotNormal", "GlorotNormal"), Map.entry("glorot_normal", "GlorotNormal"),
      Map.entry("HeUniform", "HeUniform"), Map.entry("he_uniform", "HeUniform"),
      Map.entry("HeNormal", "HeNormal"), Map.entry("he_normal", "HeNormal"),
      Map.entry("LecunUniform", "LecunUniform"), Map.entry("lecun_uniform", "LecunUniform"),
      Map.entry("LecunNormal", "LecunNormal"), Map.entry("lecun_normal", "LecunNormal"),
      Map.entry("RandomUniform", "RandomUniform"), Map.entry("random_uniform", "RandomUniform"),
      Map.entry("uniform", "RandomUniform"),
      Map.entry("RandomNormal", "RandomNormal"), Map.entry("random_normal", "RandomNormal"),
      Map.entry("normal", "RandomNormal"),
      Map.entry("TruncatedNormal", "TruncatedNormal"),
      Map.entry("truncated_normal", "TruncatedNormal"),
      Map.entry("VarianceScaling", "VarianceScaling"),
      Map.entry("variance_scaling", "VarianceScaling"),
      Map.entry("Orthogonal", "Orthogonal"), Map.entry("orthogonal", "Orthogonal"),
      Map.entry("OrthogonalInitializer", "Orthogonal"),
      Map.entry("orthogonal_initializer", "Orthogonal"),
      Map.entry("Identity", "Identity"), Map.entry("identity", "Identity"),
      Map.entry("IdentityInitializer", "Identity"),
      Map.entry("identity_initializer", "Identity"),
      Map.entry("Constant", "Constant"), Map.entry("constant", "Constant"),
      Map.entry("Zeros", "Zeros"), Map.entry("zeros", "Zeros"), Map.entry("zero", "Zeros"),
      Map.entry("Ones", "Ones"), Map.entry("ones", "Ones"), Map.entry("one", "Ones"));

  private InitializerDeserializer() {}

  /**
   * The initializer described by {@code init} under the semantics of {@code era}, or null for a
   * null/absent config.
   *
   * @param layer the owner's name, for messages
   * @throws ConfigException for a config Keras would refuse
   */
  public static Initializer deserialize(JsonNode init, String layer, KerasEra era) {
    if (init == null || init.isNull() || init.isMissingNode()) {
      return null;
    }
    String cls;
    JsonNode cfg;
    if (init.isTextual()) {
      cls = init.asText();
      cfg = null;
    } else if (init.isObject()) {
      cls = init.path("class_name").asText("");
      cfg = init.get("config");
      if (cfg != null && !cfg.isNull() && !cfg.isObject()) {
        throw new ConfigException(where(layer, cls) + "'config' must be an object");
      }
      if (cfg != null && cfg.isNull()) {
        cfg = null;
      }
    } else {
      throw new ConfigException("layer '" + layer + "': cannot interpret initializer " + init);
    }
    String canonical = CANONICAL.get(cls);
    if (canonical == null && cls.endsWith("V2")) {
      canonical = CANONICAL.get(cls.substring(0, cls.length() - 2));
    }
    if (canonical == null) {
      return new Unsupported(layer, cls, "is not a built-in initializer");
    }
    Config c = new Config(cfg, layer, cls);
    try {
      switch (canonical) {
        case "GlorotUniform":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new GlorotUniform(c.seed(), era);
        case "GlorotNormal":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new GlorotNormal(c.seed(), era);
        case "HeUniform":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new HeUniform(c.seed(), era);
        case "HeNormal":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new HeNormal(c.seed(), era);
        case "LecunUniform":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new LecunUniform(c.seed(), era);
        case "LecunNormal":
          c.check(SEED_ONLY);
          return c.seedGenerator() ? c.unsupportedSeed() : new LecunNormal(c.seed(), era);
        case "RandomUniform":
          c.check(Set.of("minval", "maxval", "seed"));
          return c.seedGenerator() ? c.unsupportedSeed()
              : new RandomUniform(c.number("minval", -0.05), c.number("maxval", 0.05), c.seed(),
                  era);
        case "RandomNormal":
          c.check(Set.of("mean", "stddev", "seed"));
          return c.seedGenerator() ? c.unsupportedSeed()
              : new RandomNormal(c.number("mean", 0.0), c.number("stddev", 0.05), c.seed(), era);
        case "TruncatedNormal":
          c.check(Set.of("mean", "stddev", "seed"));
          return c.seedGenerator() ? c.unsupportedSeed()
              : new TruncatedNormal(c.number("mean", 0.0), c.number("stddev", 0.05), c.seed(),
                  era);
        case "VarianceScaling": {
          c.check(Set.of("scale", "mode", "distribution", "seed"));
          double scale = c.number("scale", 1.0).doubleValue();
          VarianceScaling.Mode mode = VarianceScaling.Mode.fromKerasName(c.text("mode", "fan_in"));
          VarianceScaling.Distribution dist = VarianceScaling.Distribution.fromKerasName(
              c.text("distribution", "truncated_normal"));
          if (!(scale > 0.0)) {
            throw new ConfigException(where(layer, cls) + "scale must be positive, given " + scale);
          }
          return c.seedGenerator() ? c.unsupportedSeed()
              : new VarianceScaling(scale, mode, dist, c.seed(), era);
        }
        case "Orthogonal":
          c.check(Set.of("gain", "seed"));
          return c.seedGenerator() ? c.unsupportedSeed()
              : new Orthogonal(c.number("gain", 1.0), c.seed(), era);
        case "Identity":
          c.check(Set.of("gain"));
          return new Identity(c.number("gain", 1.0));
        case "Constant": {
          c.check(Set.of("value"));
          Number v = c.constantValue(era);
          return v == null ? new Unsupported(layer, cls, "has a non-scalar value")
              : new Constant(v, era);
        }
        case "Zeros":
          c.check(Set.of());
          return new Zeros();
        default:
          c.check(Set.of());
          return new Ones();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where(layer, cls) + e.getMessage());
    }
  }

  private static String where(String layer, String cls) {
    return "layer '" + layer + "': initializer '" + cls + "': ";
  }

  /** Typed access to an initializer's config object. */
  private static final class Config {
    private final JsonNode cfg;
    private final String layer;
    private final String cls;

    Config(JsonNode cfg, String layer, String cls) {
      this.cfg = cfg;
      this.layer = layer;
      this.cls = cls;
    }

    private JsonNode get(String key) {
      JsonNode v = cfg == null ? null : cfg.get(key);
      return v == null || v.isNull() ? null : v;
    }

    /** Refuses keys the constructor does not take ({@code dtype} is ignored, as by tf-keras). */
    void check(Set<String> allowed) {
      if (cfg == null) {
        return;
      }
      for (Iterator<String> it = cfg.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k) && !k.equals("dtype")) {
          throw new ConfigException(where(layer, cls) + "unrecognized config key '" + k + "'");
        }
      }
    }

    /** A Keras 3 {@code SeedGenerator} object in place of an integer seed. */
    boolean seedGenerator() {
      JsonNode s = get("seed");
      return s != null && s.isObject();
    }

    Initializer unsupportedSeed() {
      return new Unsupported(layer, cls, "has a SeedGenerator seed");
    }

    /** The integer seed, or null when absent / null. */
    Long seed() {
      JsonNode s = get("seed");
      if (s == null) {
        return null;
      }
      if (s.isIntegralNumber() && s.canConvertToLong()) {
        return s.longValue();
      }
      throw new ConfigException(where(layer, cls) + "seed must be an integer, given " + s);
    }

    /** A Python number: Long for an int, Double for a float. */
    Number number(String key, double dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      if (v.isNumber()) {
        return v.doubleValue();
      }
      throw new ConfigException(where(layer, cls) + "'" + key + "' must be a number, given " + v);
    }

    String text(String key, String dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isTextual()) {
        throw new ConfigException(where(layer, cls) + "'" + key + "' must be a string, given " + v);
      }
      return v.asText();
    }

    /** Constant's scalar value (defaults: Keras 3 0.0, tf-keras 0), or null if not a scalar. */
    Number constantValue(KerasEra era) {
      JsonNode v = get("value");
      if (v == null) {
        return era == KerasEra.KERAS_3 ? (Number) 0.0 : (Number) 0L;
      }
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      if (v.isNumber()) {
        return v.doubleValue();
      }
      return null;
    }
  }

  /** Fails only if asked for a value, i.e. when no weights were loaded. */
  private static final class Unsupported implements Initializer {
    private final String layer;
    private final String cls;
    private final String why;

    Unsupported(String layer, String cls, String why) {
      this.layer = layer;
      this.cls = cls;
      this.why = why;
    }

    @Override
    public HostArray generate(DType dtype, long... shape) {
      throw new ConfigException("layer '" + layer + "': initializer '" + cls + "' " + why
          + " and cannot be run; load the layer's weights instead");
    }
  }
}

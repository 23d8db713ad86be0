package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import java.util.Locale;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.initializers.VarianceScaling}: {@code scale / n} with n = fan_in, fan_out or their
 * mean (at least 1), then
 *
 * <ul>
 *   <li>truncated_normal: stddev {@code sqrt(scale) / 0.87962566103423978}, truncated at two
 *       standard deviations (StatelessTruncatedNormalV2);
 *   <li>untruncated_normal: stddev {@code sqrt(scale)} (StatelessRandomNormalV2);
 *   <li>uniform: in {@code [-limit, limit)}, {@code limit = sqrt(3 * scale)}
 *       (StatelessRandomUniformV2).
 * </ul>
 *
 * The arithmetic on Python floats is done here in double precision exactly as Python does it.
 */
public class VarianceScaling extends RandomInitializer {
  /** Which fan divides the scale. */
  public enum Mode {
    FAN_IN, FAN_OUT, FAN_AVG;

    /** Keras's name, e.g. {@code "fan_avg"}. */
    public String kerasName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "fan_in"}, {@code "fan_out"} or {@code "fan_avg"}. */
    public static Mode fromKerasName(String name) {
      for (Mode m : values()) {
        if (m.kerasName().equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "invalid mode '" + name + "'; expected fan_in, fan_out or fan_avg");
    }
  }

  /** The distribution drawn from. */
  public enum Distribution {
    TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM;

    public String kerasName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a Keras name, case-insensitively; {@code "normal"} means truncated_normal. */
    public static Distribution fromKerasName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("normal")) {
        return TRUNCATED_NORMAL;
      }
      for (Distribution d : values()) {
        if (d.kerasName().equals(n)) {
          return d;
        }
      }
      throw new IllegalArgumentException("invalid distribution '" + name
          + "'; expected uniform, truncated_normal or untruncated_normal");
    }
  }

  /** {@code 0.87962566103423978}: stddev of a standard normal truncated to [-2, 2]. */
  static final double TRUNCATION_STDDEV = 0.87962566103423978;

  private final double scale;
  private final Mode mode;
  private final Distribution distribution;

  /** Keras's defaults: scale 1, fan_in, truncated normal, unseeded, Keras 3. */
  public VarianceScaling() {
    this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null, KerasEra.KERAS_3);
  }

  /**
   * @param seed the integer seed, or null for a fresh one per instance
   * @param era the Keras whose values to reproduce
   */
  public VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed,
      KerasEra era) {
    super(seed, era);
    if (!(scale > 0.0)) {
      throw new IllegalArgumentException("scale must be a positive float, given " + scale);
    }
    this.scale = scale;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.distribution = Objects.requireNonNull(distribution, "distribution");
  }

  public double scale() {
    return scale;
  }

  public Mode mode() {
    return mode;
  }

  public Distribution distribution() {
    return distribution;
  }

  @Override
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    long[] fans = fans(shape);
    double s = scale;
    switch (mode) {
      case FAN_IN:
        s /= Math.max(1.0, (double) fans[0]);
        break;
      case FAN_OUT:
        s /= Math.max(1.0, (double) fans[1]);
        break;
      default:
        s /= Math.max(1.0, (fans[0] + fans[1]) / 2.0);
        break;
    }
    switch (distribution) {
      case TRUNCATED_NORMAL: {
        double stddev = Math.sqrt(s) / TRUNCATION_STDDEV;
        return StatelessRandom.truncatedNormal(tf, dtype, shape, Scalar.ofDouble(0.0),
            Scalar.ofDouble(stddev), seed(), era());
      }
      case UNTRUNCATED_NORMAL: {
        double stddev = Math.sqrt(s);
        return StatelessRandom.normal(tf, dtype, shape, Scalar.ofDouble(0.0),
            Scalar.ofDouble(stddev), seed(), era());
      }
      default: {
        double limit = Math.sqrt(3.0 * s);
        return StatelessRandom.uniform(tf, dtype, shape, Scalar.ofDouble(-limit),
            Scalar.ofDouble(limit), seed(), era());
      }
    }
  }

  /** Keras's {@code compute_fans}: [fan_in, fan_out]. */
  static long[] fans(long[] shape) {
    if (shape.length == 0) {
      return new long[] {1, 1};
    }
    if (shape.length == 1) {
      return new long[] {shape[0], shape[0]};
    }
    if (shape.length == 2) {
      return new long[] {shape[0], shape[1]};
    }
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }
}

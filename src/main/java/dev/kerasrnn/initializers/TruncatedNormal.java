package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Normal truncated at two standard deviations (redrawn beyond); {@code
 * keras.initializers.TruncatedNormal} (defaults 0, 0.05): StatelessTruncatedNormalV2, times stddev,
 * plus mean.
 */
public final class TruncatedNormal extends RandomInitializer {
  private final Scalar mean;
  private final Scalar stddev;

  /** Keras's defaults, unseeded. */
  public TruncatedNormal() {
    this(Scalar.ofDouble(0.0), Scalar.ofDouble(0.05), null, KerasEra.KERAS_3);
  }

  /**
   * Parameters as Python gave them ({@link Integer}/{@link Long}: int, {@link Double}: float).
   * Seed null means unseeded.
   */
  public TruncatedNormal(Number mean, Number stddev, Long seed, KerasEra era) {
    this(Scalar.of(mean), Scalar.of(stddev), seed, era);
  }

  private TruncatedNormal(Scalar mean, Scalar stddev, Long seed, KerasEra era) {
    super(seed, era);
    this.mean = mean;
    this.stddev = stddev;
  }

  public double mean() {
    return mean.value();
  }

  public double stddev() {
    return stddev.value();
  }

  @Override
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    return StatelessRandom.truncatedNormal(tf, dtype, shape, mean, stddev, seed(), era());
  }
}

package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import java.util.Objects;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * An initializer that draws from TensorFlow's stateless Philox generator with an integer seed,
 * like {@code keras.initializers.RandomInitializer} (Keras 3) and the tf-keras initializers with
 * {@code RandomGenerator(seed, rng_type="stateless")}. An explicit seed gives Keras's values bit
 * for bit under the chosen era; without one, a seed is drawn once per instance from [1, 1e9] as
 * Keras does, so one instance returns the same value on every call.
 */
public abstract class RandomInitializer implements Initializer {
  private final long seed;
  private final boolean seeded;
  private final KerasEra era;

  /**
   * @param seed the integer seed, or null to draw one now
   * @param era whose seed handling and op constants to reproduce
   */
  protected RandomInitializer(Long seed, KerasEra era) {
    this.seeded = seed != null;
    this.seed = seed != null ? seed : StatelessRandom.newSeed();
    this.era = Objects.requireNonNull(era, "era");
  }

  /** The seed in use (drawn at construction if none was given). */
  public final long seed() {
    return seed;
  }

  /** Whether the seed was given explicitly (only then are Keras's exact values reproducible). */
  public final boolean isSeeded() {
    return seeded;
  }

  public final KerasEra era() {
    return era;
  }

  @Override
  public final HostArray generate(DType dtype, long... shape) {
    long[] s = shape.clone();
    for (long d : s) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "negative dimension in shape " + HostArray.shapeString(s));
      }
    }
    try (EagerSession session = EagerSessions.open()) {
      Ops tf = Ops.create(session);
      Operand<TFloating> out = build(tf, dtype, s);
      return HostArray.fromTensor(out.asTensor());
    }
  }

  /** Keras's op sequence for this initializer, on {@code tf} (eager or graph). */
  public abstract <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape);
}

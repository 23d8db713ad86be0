package dev.kerasrnn.layers.normalization;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.initializers.Zeros;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.LayerOptions;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.BatchNormalization(axis, epsilon, center, scale)} at inference, normalizing
 * with the moving statistics by {@code tf.nn.batch_normalization} (both eras, ranks 2 and 3; the
 * parameters reshaped to broadcast when the axis is not the last): {@code inv = rsqrt(var + eps) *
 * gamma}; {@code x * inv + (beta - mean * inv)} (AddV2, Rsqrt, Mul, Mul, Mul, Sub, AddV2). Keras 3
 * computes float16/bfloat16 inputs in float32 and casts back. The mask passes through. Weights:
 * {@code gamma}, {@code beta} (trainable, if scale/center), {@code moving_mean}, {@code
 * moving_variance}. tf-keras on 4-D and 5-D input with the channels axis last and {@code fused}
 * unset runs its fused kernel instead: one FusedBatchNormV3 (NHWC / NDHWC, is_training false;
 * gamma ones and beta zeros constants when scale / center are off); with {@code fused=False}, or
 * a 5-D input normalized on another axis, the formula above.
 */
public final class BatchNormalization extends CoreLayer {
  private final int axis;
  private final double epsilon;
  private final double momentum;
  private final boolean center;
  private final boolean scale;
  private final Initializer[] initializers;
  private final Boolean fused;
  private int builtAxis = -1;
  private int rank;
  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;

  private BatchNormalization(Builder b) {
    super(b.name(), b.dtype(), b.era());
    if (b.era() == KerasEra.KERAS_2 && b.dtype().computeDtype().isHalf()) {
      throw new IllegalArgumentException("layer '" + b.name() + "': tf-keras BatchNormalization in "
          + b.dtype() + " is not supported");
    }
    if (!(b.epsilon > 0)) {
      throw new IllegalArgumentException("layer '" + b.name() + "': epsilon must be > 0");
    }
    this.axis = b.axis;
    this.epsilon = b.epsilon;
    this.momentum = b.momentum;
    this.center = b.center;
    this.scale = b.scale;
    this.initializers = b.initializers.clone();
    this.fused = b.fused;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int axis() {
    return axis;
  }

  public double epsilon() {
    return epsilon;
  }

  public double momentum() {
    return momentum;
  }

  public boolean center() {
    return center;
  }

  public boolean scale() {
    return scale;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 2, era() == KerasEra.KERAS_2 ? 5 : Integer.MAX_VALUE);
    int rank = shapes.get(0).length;
    int a = CoreOps.axis(axis, rank);
    if (era() == KerasEra.KERAS_2 && (rank == 4 || rank == 5) && !Boolean.FALSE.equals(fused)
        && a != rank - 1 && (rank == 4 || a == 1)) {
      throw new InvalidInputException(name(), "tf-keras fused batch normalization of a "
          + rank + "-D input on its last axis (channels_first, axis 1, is not supported)",
          "axis " + axis + ", shape " + Arrays.toString(shapes.get(0)));
    }
    if (a < 1 || a >= shapes.get(0).length || shapes.get(0)[a] <= 0) {
      throw new InvalidInputException(name(), "a known non-batch dimension at axis " + axis,
          "shape " + Arrays.toString(shapes.get(0)));
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    rank = shapes.get(0).length;
    builtAxis = CoreOps.axis(axis, rank);
    long[] p = {shapes.get(0)[builtAxis]};
    DType read = computeDtype().isHalf() ? DType.FLOAT32 : computeDtype();
    gamma = scale ? addWeight("gamma", p, initializers[0], read) : null;
    beta = center ? addWeight("beta", p, initializers[1], read) : null;
    movingMean = addWeight("moving_mean", p, initializers[2], read);
    movingVariance = addWeight("moving_variance", p, initializers[3], read);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    DType d = DType.of(x.type());
    Operand<TFloating> wide = KOps.castTo(tf, x, d.isHalf() ? DType.FLOAT32 : d);
    return Outputs.of(KOps.castTo(tf, normalize(tf, wide), d), firstMask(masks));
  }

  private <T extends TFloating> Operand<T> normalize(Ops tf, Operand<T> x) {
    if (era() == KerasEra.KERAS_3) {
      return keras3(tf, x);
    }
    if ((rank == 4 || rank == 5) && builtAxis == rank - 1 && !Boolean.FALSE.equals(fused)) {
      return fusedInference(tf, x);
    }
    List<Operand<T>> p = new ArrayList<>();
    for (Variable v : new Variable[] {gamma, beta, movingMean, movingVariance}) {
      p.add(v == null ? null : broadcast(tf, v.<T>read(tf)));
    }
    return CoreOps.batchNormalization(tf, x, p.get(2), p.get(3), p.get(1), p.get(0), epsilon);
  }

  /**
   * Keras 3 at inference: {@code ops.cast} of moving_mean, moving_variance, gamma, beta in that
   * order (each read inside its Cast scope), {@code ops.batch_normalization} reshaping them to
   * broadcast unless {@code axis == -1}, then {@code tf.nn.batch_normalization}'s {@code
   * batchnorm} scope: {@code inv = rsqrt(variance + eps) * gamma}, {@code x * inv + (beta - mean
   * * inv)}.
   */
  private <T extends TFloating> Operand<T> keras3(Ops tf, Operand<T> x) {
    Operand<T> mean = movingMean.read(Py.scope(tf, "Cast"));
    Operand<T> variance = movingVariance.read(Py.scope(tf, "Cast"));
    Operand<T> g = gamma == null ? null : gamma.read(Py.scope(tf, "Cast"));
    Operand<T> b = beta == null ? null : beta.read(Py.scope(tf, "Cast"));
    if (axis != -1) {
      mean = reshape(tf, mean);
      variance = reshape(tf, variance);
      b = b == null ? null : reshape(tf, b);
      g = g == null ? null : reshape(tf, g);
    }
    Ops bn = Py.scope(tf, "batchnorm");
    Py.OpScope add = Py.op(bn, "add");
    Operand<T> inv = Py.addV2(add.op(), variance,
        KOps.scalarLike(add.inner().withName("y"), epsilon, variance));
    inv = Py.named(bn, "Rsqrt").math.rsqrt(inv);
    if (g != null) {
      inv = Py.mul(bn, inv, g);
    }
    Operand<T> xInv = Py.mul(bn, x, inv);
    Operand<T> shift = b != null ? Py.sub(bn, b, Py.mul(bn, mean, inv))
        : Py.mul(bn, Py.named(bn, "Neg").math.neg(mean), inv);
    return Py.add(bn, xInv, shift);
  }

  /**
   * tf-keras's {@code _fused_batch_norm} at inference: {@code tf.compat.v1.nn.fused_batch_norm(x,
   * gamma, beta, moving_mean, moving_variance, epsilon, is_training=False)}, one FusedBatchNormV3.
   */
  private <T extends TFloating> Operand<T> fusedInference(Ops tf, Operand<T> x) {
    long[] p = {movingMean.shape()[0]};
    Operand<T> g = gamma != null ? gamma.read(tf) : filled(tf, 1.0, p, x);
    Operand<T> b = beta != null ? beta.read(tf) : filled(tf, 0.0, p, x);
    return tf.nn.fusedBatchNorm(x, g, b, movingMean.<T>read(tf), movingVariance.<T>read(tf),
        org.tensorflow.op.nn.FusedBatchNorm.epsilon((float) epsilon),
        org.tensorflow.op.nn.FusedBatchNorm.exponentialAvgFactor(1.0f),
        org.tensorflow.op.nn.FusedBatchNorm.dataFormat(rank == 4 ? "NHWC" : "NDHWC"),
        org.tensorflow.op.nn.FusedBatchNorm.isTraining(false)).y();
  }

  /** {@code backend.constant(v, shape)}: a Const of {@code x}'s dtype. */
  @SuppressWarnings("unchecked")
  private static <T extends TFloating> Operand<T> filled(Ops tf, double v, long[] shape,
      Operand<T> x) {
    double[] values = new double[(int) shape[0]];
    java.util.Arrays.fill(values, v);
    try (T t = dev.kerasrnn.core.HostArray.of(DType.of(x.type()), shape, values).toTensor()) {
      return tf.constantOf(t);
    }
  }

  /** {@code tf.reshape(v, shape)} with {@code shape[axis] = size}, 1 elsewhere. */
  private <T extends TFloating> Operand<T> reshape(Ops tf, Operand<T> v) {
    int[] s = new int[rank];
    Arrays.fill(s, 1);
    s[builtAxis] = (int) v.shape().get(0);
    Py.OpScope r = Py.op(tf, "Reshape");
    return r.op().reshape(v, PyConst.vector(r.inner().withName("shape"), s));
  }

  private <T extends TFloating> Operand<T> broadcast(Ops tf, Operand<T> v) {
    if (builtAxis == rank - 1) {
      return v;
    }
    long[] s = new long[rank];
    Arrays.fill(s, 1);
    s[builtAxis] = v.shape().get(0);
    return CoreOps.reshape(tf, v, s);
  }

  /** Options of {@link BatchNormalization}, named as Keras's arguments. */
  public static final class Builder extends LayerOptions<Builder> {
    private int axis = -1;
    private double epsilon = 1e-3;
    private double momentum = 0.99;
    private boolean center = true;
    private boolean scale = true;
    private final Initializer[] initializers = {new Ones(), new Zeros(), new Zeros(), new Ones()};
    private Boolean fused;

    private Builder() {
      super("batch_normalization");
    }

    /** tf-keras's {@code fused}: null (the default) fuses 4-D and 5-D inputs; false never. */
    public Builder fused(Boolean fused) {
      this.fused = fused;
      return this;
    }

    public Builder axis(int axis) {
      this.axis = axis;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Used only in training; kept for the config. */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder center(boolean center) {
      this.center = center;
      return this;
    }

    public Builder scale(boolean scale) {
      this.scale = scale;
      return this;
    }

    public Builder gammaInitializer(Initializer init) {
      if (init != null) {
        initializers[0] = init;
      }
      return this;
    }

    public Builder betaInitializer(Initializer init) {
      if (init != null) {
        initializers[1] = init;
      }
      return this;
    }

    public Builder movingMeanInitializer(Initializer init) {
      if (init != null) {
        initializers[2] = init;
      }
      return this;
    }

    public Builder movingVarianceInitializer(Initializer init) {
      if (init != null) {
        initializers[3] = init;
      }
      return this;
    }

    public BatchNormalization build() {
      return new BatchNormalization(this);
    }
  }

  /** Its call takes {@code mask}. */
  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Collections.singletonList(firstMask(previousMasks));
  }
}

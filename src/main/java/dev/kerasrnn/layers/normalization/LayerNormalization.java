package dev.kerasrnn.layers.normalization;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

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
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.LayerNormalization(axis, epsilon, center, scale)}; the formulas differ by
 * era:
 *
 * <ul>
 *   <li>Keras 3 (half inputs computed in float32): {@code mean, var = tf.nn.moments(x, axis)};
 *       {@code inv = rsqrt(var + eps) * gamma}; {@code res = -mean * inv + beta}; {@code x * inv +
 *       res};
 *   <li>tf-keras, float32 weights, trailing contiguous axes, epsilon >= 1.001e-5 (the fused
 *       path): Reshape to NCHW {@code [1, pre, in, 1]}, FusedBatchNormV3 (training mode, scale 1,
 *       offset 0), Reshape back, {@code * gamma + beta};
 *   <li>tf-keras otherwise: {@code tf.nn.moments} and {@code tf.nn.batch_normalization}.
 * </ul>
 *
 * The mask passes through. Weights: {@code gamma}, {@code beta} (if scale / center).
 */
public final class LayerNormalization extends CoreLayer {
  private static final double FUSED_MIN_EPSILON = 1.001e-5;
  private final int[] axis;
  private final double epsilon;
  private final boolean center;
  private final boolean scale;
  private final Initializer gammaInitializer;
  private final Initializer betaInitializer;
  private int[] builtAxes;
  private int builtRank;
  private Variable gamma;
  private Variable beta;

  private LayerNormalization(Builder b) {
    super(b.name(), b.dtype(), b.era());
    if (b.era() == KerasEra.KERAS_2 && b.dtype().computeDtype().isHalf()) {
      throw new IllegalArgumentException("layer '" + b.name() + "': tf-keras LayerNormalization in "
          + b.dtype() + " is not supported");
    }
    if (b.axis.length == 0 || !(b.epsilon > 0)) {
      throw new IllegalArgumentException("layer '" + b.name() + "': needs an axis and epsilon > 0");
    }
    this.axis = b.axis.clone();
    this.epsilon = b.epsilon;
    this.center = b.center;
    this.scale = b.scale;
    this.gammaInitializer = b.gammaInitializer;
    this.betaInitializer = b.betaInitializer;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int[] axis() {
    return axis.clone();
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    long[] s = shapes.get(0);
    requireRank(s, 2, Integer.MAX_VALUE);
    for (int a : axis) {
      int n = CoreOps.axis(a, s.length);
      if (n < 1 || n >= s.length || s[n] <= 0) {
        throw new InvalidInputException(name(), "known non-batch dimensions at axis "
            + Arrays.toString(axis), "shape " + Arrays.toString(s));
      }
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    long[] s = shapes.get(0);
    builtRank = s.length;
    builtAxes = Arrays.stream(axis).map(a -> CoreOps.axis(a, s.length)).sorted().toArray();
    long[] p = Arrays.stream(builtAxes).mapToLong(a -> s[a]).toArray();
    DType read = era() == KerasEra.KERAS_3 && computeDtype().isHalf() ? DType.FLOAT32
        : computeDtype();
    gamma = scale ? addWeight("gamma", p, gammaInitializer, read) : null;
    beta = center ? addWeight("beta", p, betaInitializer, read) : null;
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
    Operand<?> y;
    if (era() == KerasEra.KERAS_3) {
      DType d = DType.of(x.type());
      Operand<TFloating> wide = KOps.castTo(tf, x, d.isHalf() ? DType.FLOAT32 : d);
      y = KOps.castTo(tf, keras3(tf, wide), d);
    } else if (fused()) {
      y = fusedTfKeras(tf, KOps.<TFloat32>castTo(tf, x, DType.FLOAT32));
    } else {
      y = unfusedTfKeras(tf, x);
    }
    return Outputs.of(y, firstMask(masks));
  }

  private boolean fused() {
    boolean contiguous = builtAxes[builtAxes.length - 1] == builtRank - 1
        && builtAxes[builtAxes.length - 1] - builtAxes[0] == builtAxes.length - 1;
    return contiguous && epsilon >= FUSED_MIN_EPSILON
        && dtypePolicy().variableDtype() == DType.FLOAT32;
  }

  private <T extends TFloating> Operand<T> param(Ops tf, Variable v, int rank) {
    if (v == null) {
      return null;
    }
    Operand<T> p = v.read(tf);
    if (builtAxes.length == 1 && builtAxes[0] == rank - 1) {
      return p;
    }
    long[] s = new long[rank];
    Arrays.fill(s, 1);
    long[] ps = v.shape();
    for (int i = 0; i < builtAxes.length; i++) {
      s[builtAxes[i]] = ps[i];
    }
    return CoreOps.reshape(tf, p, s);
  }

  /**
   * Keras 3's call (no rms_scaling): {@code tf.nn.moments} over the configured axes (its {@code
   * moments} scope), gamma and beta reshaped to broadcast unless the axes are exactly {@code
   * [rank - 1]} (each read inside its Reshape scope, else inside {@code ops.cast}'s where they
   * are used), {@code inv = rsqrt(variance + eps) * gamma}, {@code x * inv + (-mean * inv +
   * beta)}.
   */
  private <T extends TFloating> Operand<T> keras3(Ops tf, Operand<T> x) {
    int rank = x.shape().numDimensions();
    Ops moments = Py.scope(tf, "moments");
    Py.OpScope m = Py.op(moments, "mean");
    Operand<T> mean = m.op().math.mean(x,
        PyConst.vector(m.inner().withName("reduction_indices"), axis), Mean.keepDims(true));
    Operand<T> stop = Py.named(moments, "StopGradient").stopGradient(mean);
    Operand<T> diff = Py.named(moments, "SquaredDifference").math.squaredDifference(x, stop);
    Py.OpScope v = Py.op(moments, "variance");
    Operand<T> variance = v.op().math.mean(diff,
        PyConst.vector(v.inner().withName("reduction_indices"), axis), Mean.keepDims(true));
    boolean reshaped = !(axis.length == 1 && axis[0] == rank - 1);
    Operand<T> g = reshaped ? broadcastParam(tf, gamma, rank) : null;
    Operand<T> b = reshaped ? broadcastParam(tf, beta, rank) : null;
    Py.OpScope add = Py.op(tf, "add");
    Operand<T> inv = Py.addV2(add.op(), variance,
        KOps.scalarLike(add.inner().withName("y"), epsilon, variance));
    inv = Py.named(tf, "Rsqrt").math.rsqrt(inv);
    if (gamma != null) {
      inv = Py.mul(tf, inv, reshaped ? g : gamma.<T>read(Py.scope(tf, "Cast")));
    }
    Operand<T> res = Py.mul(tf, Py.named(tf, "Neg").math.neg(mean), inv);
    if (beta != null) {
      res = Py.add(tf, res, reshaped ? b : beta.<T>read(Py.scope(tf, "Cast")));
    }
    return Py.add(tf, Py.mul(tf, x, inv), res);
  }

  /** {@code ops.reshape(v, broadcast_shape)}, the variable read inside the Reshape scope. */
  private <T extends TFloating> Operand<T> broadcastParam(Ops tf, Variable v, int rank) {
    if (v == null) {
      return null;
    }
    int[] s = new int[rank];
    Arrays.fill(s, 1);
    long[] ps = v.shape();
    for (int i = 0; i < builtAxes.length; i++) {
      s[builtAxes[i]] = (int) ps[i];
    }
    Py.OpScope r = Py.op(tf, "Reshape");
    Operand<T> p = v.read(r.inner());
    return r.op().reshape(p, PyConst.vector(r.inner().withName("shape"), s));
  }

  private <T extends TFloating> Operand<T> unfusedTfKeras(Ops tf, Operand<T> x) {
    int rank = x.shape().numDimensions();
    List<Operand<T>> mv = CoreOps.moments(tf, x, builtAxes);
    return CoreOps.batchNormalization(tf, x, mv.get(0), mv.get(1), param(tf, beta, rank),
        param(tf, gamma, rank), epsilon);
  }

  private Operand<TFloat32> fusedTfKeras(Ops tf, Operand<TFloat32> x) {
    long[] s = CoreOps.shape(x);
    long pre = CoreOps.product(s, 0, builtAxes[0]);
    long in = CoreOps.product(s, builtAxes[0], s.length);
    if (pre < 0 || in < 0) {
      throw new InvalidInputException(name(), "a static input shape", Arrays.toString(s));
    }
    Operand<TFloat32> x4 = CoreOps.reshape(tf, x, 1, pre, in, 1);
    Operand<TFloat32> ones = tf.fill(tf.constant(new int[] {(int) pre}), tf.constant(1f));
    Operand<TFloat32> zeros = tf.fill(tf.constant(new int[] {(int) pre}), tf.constant(0f));
    Operand<TFloat32> empty = tf.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x4, ones, zeros, empty, empty,
        FusedBatchNorm.epsilon((float) Math.max(epsilon, FUSED_MIN_EPSILON)),
        FusedBatchNorm.exponentialAvgFactor(1f), FusedBatchNorm.dataFormat("NCHW"),
        FusedBatchNorm.isTraining(true));
    Operand<TFloat32> y = CoreOps.reshape(tf, bn.y(), s);
    Operand<TFloat32> g = param(tf, gamma, s.length);
    if (g != null) {
      y = tf.math.mul(y, g);
    }
    Operand<TFloat32> b = param(tf, beta, s.length);
    return b == null ? y : addV2(tf, y, b);
  }

  /** Options of {@link LayerNormalization}, named as Keras's arguments. */
  public static final class Builder extends LayerOptions<Builder> {
    private int[] axis = {-1};
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer gammaInitializer = new Ones();
    private Initializer betaInitializer = new Zeros();

    private Builder() {
      super("layer_normalization");
    }

    public Builder axis(int... axis) {
      this.axis = axis.clone();
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
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
        this.gammaInitializer = init;
      }
      return this;
    }

    public Builder betaInitializer(Initializer init) {
      if (init != null) {
        this.betaInitializer = init;
      }
      return this;
    }

    public LayerNormalization build() {
      return new LayerNormalization(this);
    }
  }
}

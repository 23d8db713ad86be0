package dev.kerasrnn.layers.preprocessing;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.initializers.Zeros;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Normalization(axis, mean, variance, invert)} at inference: {@code (x -
 * mean) / maximum(sqrt(variance), 1e-7)} (Sub, Sqrt, Maximum, RealDiv), or with {@code invert}
 * {@code mean + x * maximum(sqrt(variance), 1e-7)} (Sqrt, Maximum, Mul, AddV2), in both eras; mean
 * and variance reshaped to the input's rank (1 on the reduced axes). They come from the config
 * ({@code mean=}, {@code variance=}: no weights; a scalar is broadcast in tf-keras) or from the
 * weights {@code mean}, {@code variance} (shape of the kept axes) and {@code count} (an int64
 * scalar, unused at inference; loaded as a float64 value). Keras 3 passes the mask on; tf-keras's
 * preprocessing layers do not support masking and drop it. float32 and float64 only.
 */
public final class Normalization extends CoreLayer {
  private final int[] axis;
  private final double[] mean;
  private final double[] variance;
  private final boolean invert;
  private int[] keep;
  private long[] broadcast;
  private Variable meanWeight;
  private Variable varianceWeight;
  private Variable count;

  /**
   * @param axis the kept axes (empty: none, Keras's {@code axis=None})
   * @param mean the config's mean values flattened, or null for the weights
   * @param variance the config's variance, null exactly when mean is
   */
  public Normalization(String name, int[] axis, double[] mean, double[] variance, boolean invert,
      DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if ((mean == null) != (variance == null)) {
      throw new IllegalArgumentException("layer '" + name + "': mean and variance must be set"
          + " together");
    }
    DType d = dtype.computeDtype();
    if (dtype.isMixed() || d != DType.FLOAT32 && d != DType.FLOAT64) {
      throw new IllegalArgumentException("layer '" + name + "': dtype policy " + dtype.name()
          + " is not supported (float32 or float64 only)");
    }
    this.axis = axis.clone();
    this.mean = mean == null ? null : mean.clone();
    this.variance = variance == null ? null : variance.clone();
    this.invert = invert;
  }

  public int[] axis() {
    return axis.clone();
  }

  public boolean invert() {
    return invert;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    long[] s = shapes.get(0);
    int ndim = s.length;
    List<Integer> kept = new ArrayList<>();
    for (int a : axis) {
      if (a < -ndim || a >= ndim) {
        throw new InvalidInputException(name(), "an input with axis " + a, "rank " + ndim);
      }
      int k = a < 0 ? a + ndim : a;
      if (s[k] < 0) {
        throw new InvalidInputException(name(), "a known size on the kept axis " + k,
            "shape " + Arrays.toString(s));
      }
      if (!kept.contains(k)) {
        kept.add(k);
      }
    }
    keep = kept.stream().sorted().mapToInt(Integer::intValue).toArray();
    broadcast = new long[ndim];
    Arrays.fill(broadcast, 1);
    long n = 1;
    for (int k : keep) {
      broadcast[k] = s[k];
      n *= s[k];
    }
    if (mean != null) {
      for (double[] v : List.of(mean, variance)) {
        boolean fits = v.length == n || v.length == 1 && era() == KerasEra.KERAS_2;
        if (!fits) {
          throw new InvalidInputException(name(), n + " mean and variance values for axis "
              + Arrays.toString(axis), v.length + " (input shape " + Arrays.toString(s) + ")");
        }
      }
    }
  }

  @Override
  protected void createWeights(List<long[]> inputShapes) {
    if (mean != null) {
      return;
    }
    long[] s = inputShapes.get(0);
    long[] shape = Arrays.stream(keep).mapToLong(k -> s[k]).toArray();
    meanWeight = addWeight("mean", shape, new Zeros());
    varianceWeight = addWeight("variance", shape, new Ones());
    count = new Variable(name(), "count", DType.FLOAT64, new long[0], new Zeros());
  }

  @Override
  public List<Variable> weights() {
    List<Variable> own = new ArrayList<>(super.weights());
    if (count != null) {
      own.add(count);
    }
    return List.copyOf(own);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "Normalization layers (Keras 3 captures its"
          + " mean and variance as constants computed at load)");
    }
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    return Outputs.of(apply(tf, x), era() == KerasEra.KERAS_3 ? firstMask(masks) : null);
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    Operand<T> m = statistic(tf, mean, meanWeight, x);
    Operand<T> v = statistic(tf, variance, varianceWeight, x);
    Operand<T> scale = tf.math.maximum(tf.math.sqrt(v), scalarLike(tf, 1e-7, x));
    if (invert) {
      return addV2(tf, m, tf.math.mul(x, scale));
    }
    return tf.math.realDiv(tf.math.sub(x, m), scale);
  }

  /**
   * The mean or variance reshaped to the broadcast shape, in the compute dtype: a config value
   * becomes a float32 tensor first in Keras 3 ({@code convert_to_tensor} of Python floats) and a
   * float64 array in tf-keras ({@code mean * np.ones(shape)}), then is cast.
   */
  private <T extends TFloating> Operand<T> statistic(Ops tf, double[] values, Variable w,
      Operand<T> x) {
    if (values == null) {
      return tf.reshape(w.read(tf), tf.constant(broadcast));
    }
    long n = Arrays.stream(broadcast).reduce(1, (a, b) -> a * b);
    double[] full = new double[Math.toIntExact(n)];
    for (int i = 0; i < full.length; i++) {
      double v = values.length == 1 ? values[0] : values[i];
      full[i] = era() == KerasEra.KERAS_3 ? (double) (float) v : v;
    }
    HostArray a = HostArray.of(computeDtype(), broadcast, full);
    try (TFloating t = a.toTensor()) {
      @SuppressWarnings("unchecked")
      Operand<T> c = (Operand<T>) tf.constantOf(t);
      return c;
    }
  }
}

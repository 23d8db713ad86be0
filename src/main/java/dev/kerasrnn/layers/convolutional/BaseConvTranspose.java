package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * What Conv1DTranspose and Conv2DTranspose share ({@code base_conv_transpose}, channels_last):
 * Conv2DBackpropInput of the input with the kernel ({@code kernel_size + (filters, in)}) for the
 * output size both eras compute alike ({@code (n - 1) * s + max(k, s)} valid, {@code n * s}
 * same; with output_padding p, {@code (n - 1) * s + k + p} valid, {@code (n - 1) * s + k % 2 +
 * p} same; k the dilated kernel size), strides {@code [1, s..., 1]}. The 1-D layer runs {@code
 * tf.nn.conv1d_transpose}: ExpandDims(x, 1), ExpandDims(kernel, 0), the 4-D op with strides
 * {@code [1, 1, s, 1]}, Squeeze(1). Dilation 1, but for tf-keras's Conv2DTranspose with equal
 * dilations ({@link #atrous}). Then the bias (Keras 3: Reshape and AddV2; tf-keras: BiasAdd) and
 * the activation. The mask is dropped (neither era supports masking here). Not rebuilt in
 * predict() traces.
 */
abstract class BaseConvTranspose extends CoreLayer {
  private final int rank;
  private final int filters;
  private final int[] kernelSize;
  private final int[] strides;
  private final boolean same;
  private final int[] outputPadding;
  private final int rate;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private Variable kernel;
  private Variable bias;
  private long[] builtShape;

  BaseConvTranspose(Options<?> b, int rank) {
    super(b.name(), b.dtype(), b.era());
    this.rank = rank;
    this.filters = b.filters;
    this.kernelSize = b.checkedKernelSize(rank);
    this.strides = b.checkedStrides(rank);
    if (filters <= 0) {
      throw new IllegalArgumentException("layer '" + b.name() + "': filters must be positive");
    }
    if (b.outputPadding != null) {
      if (b.outputPadding.length != rank) {
        throw new IllegalArgumentException("layer '" + b.name() + "': output_padding must be "
            + rank + " integers, given " + Arrays.toString(b.outputPadding));
      }
      for (int i = 0; i < rank; i++) {
        if (b.outputPadding[i] < 0 || b.outputPadding[i] >= strides[i]) {
          throw new IllegalArgumentException("layer '" + b.name() + "': output_padding must be"
              + " >= 0 and smaller than strides, given " + Arrays.toString(b.outputPadding)
              + " and strides " + Arrays.toString(strides));
        }
      }
    }
    this.outputPadding = b.outputPadding == null ? null : b.outputPadding.clone();
    int[] d = b.checkedDilationRate(rank);
    this.rate = d[0];
    if (Arrays.stream(d).anyMatch(x -> x != 1)) {
      if (b.era() != KerasEra.KERAS_2 || rank != 2 || d[1] != d[0]
          || Arrays.stream(strides).anyMatch(x -> x != 1)) {
        throw new IllegalArgumentException("layer '" + b.name() + "': dilation_rate > 1 is"
            + " for tf-keras's Conv2DTranspose only, equal in both dimensions, strides 1; given "
            + Arrays.toString(d));
      }
    }
    this.same = b.same;
    this.activation = b.activation();
    this.useBias = b.useBias();
    this.kernelInitializer = b.kernelInitializer();
    this.biasInitializer = b.biasInitializer();
  }

  public int filters() {
    return filters;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  /** padding "same" (true) or "valid". */
  public boolean samePadding() {
    return same;
  }

  /** output_padding, or null when Keras infers it. */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  /** dilation_rate (the same in both dimensions). */
  public int dilationRate() {
    return rate;
  }

  /** The output length is {@code n * strides + this}, for spatial axis {@code i}. */
  private int lengthOffset(int i) {
    int k = kernelSize[i] + (kernelSize[i] - 1) * (rate - 1);
    int s = strides[i];
    if (outputPadding == null) {
      return same ? 0 : Math.max(k, s) - s;
    }
    return (same ? k % 2 : k) + outputPadding[i] - s;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), rank + 2, rank + 2);
    if (shapes.get(0)[rank + 1] < 0) {
      throw new InvalidInputException(name(), kerasClassName() + " input with a known channel"
          + " dimension", "shape " + dev.kerasrnn.core.HostArray.shapeString(shapes.get(0)));
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    builtShape = shapes.get(0).clone();
    long[] k = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      k[i] = kernelSize[i];
    }
    k[rank] = filters;
    k[rank + 1] = shapes.get(0)[rank + 1];
    kernel = addWeight("kernel", k, kernelInitializer);
    if (useBias) {
      bias = addWeight("bias", new long[] {filters}, biasInitializer);
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] out = s.clone();
    for (int i = 0; i < rank; i++) {
      out[1 + i] = s[1 + i] < 0 ? -1 : s[1 + i] * strides[i] + lengthOffset(i);
    }
    out[rank + 1] = filters;
    return List.of(out);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), kerasClassName() + " layers");
    }
    return Outputs.of(apply(tf, input(tf, inputs, 0)));
  }

  /** The 4-D output size: constants where the input's sizes are static, else from its Shape. */
  private Operand<TInt32> outputSize(Ops tf, Operand<?> x) {
    long[] s = x.shape().numDimensions() < 0 ? null : x.shape().asArray();
    int[] out = new int[rank + 2];
    boolean known = s != null;
    for (int i = 0; known && i < rank + 1; i++) {
      known = s[i] >= 0;
    }
    if (known) {
      out[0] = Math.toIntExact(s[0]);
      for (int i = 0; i < rank; i++) {
        out[1 + i] = Math.toIntExact(s[1 + i] * strides[i] + lengthOffset(i));
      }
      out[rank + 1] = filters;
      return tf.constant(rank == 1 ? new int[] {out[0], 1, out[1], out[2]} : out);
    }
    Operand<TInt32> shape = tf.shape(x);
    List<Operand<TInt32>> parts = new ArrayList<>();
    parts.add(tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})));
    if (rank == 1) {
      parts.add(tf.constant(new int[] {1}));
    }
    for (int i = 0; i < rank; i++) {
      Operand<TInt32> n = tf.slice(shape, tf.constant(new int[] {1 + i}),
          tf.constant(new int[] {1}));
      parts.add(tf.math.add(tf.math.mul(n, tf.constant(new int[] {strides[i]})),
          tf.constant(new int[] {lengthOffset(i)})));
    }
    parts.add(tf.constant(new int[] {filters}));
    return tf.concat(parts, tf.constant(0));
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (rate > 1) {
      return finish(tf, atrous(tf, x));
    }
    Operand<TInt32> size = outputSize(tf, x);
    Operand<T> k = kernel.read(tf);
    List<Long> s4;
    if (rank == 1) {
      x = tf.expandDims(x, tf.constant(1));
      k = tf.expandDims(k, tf.constant(0));
      s4 = List.of(1L, 1L, (long) strides[0], 1L);
    } else {
      s4 = List.of(1L, (long) strides[0], (long) strides[1], 1L);
    }
    Operand<T> y = tf.nn.conv2dBackpropInput(size, k, x, s4, same ? "SAME" : "VALID",
        Conv2dBackpropInput.dataFormat("NHWC"),
        Conv2dBackpropInput.dilations(List.of(1L, 1L, 1L, 1L)));
    if (rank == 1) {
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    return finish(tf, y);
  }

  /** The bias, then the activation. */
  private <T extends TFloating> Operand<T> finish(Ops tf, Operand<T> y) {
    if (useBias) {
      y = era() == KerasEra.KERAS_2 ? tf.nn.biasAdd(y, bias.read(tf))
          : ConvOps.keras3Bias(tf, y, bias.read(tf), rank + 2);
    }
    return activation.apply(tf, y);
  }

  /**
   * tf-keras's dilated Conv2DTranspose ({@code tf.nn.atrous_conv2d_transpose}): SpaceToBatchND
   * (block {@code [r, r]}, end padding making the padded output size a multiple of r),
   * Conv2DBackpropInput (strides 1, VALID) for {@code [r * r * batch, .., .., filters]},
   * BatchToSpaceND cropping SAME's paddings and the end padding. Needs static spatial sizes
   * (those the layer was built for where the graph has lost them: a transposed convolution's
   * output for an open batch).
   */
  private <T extends TFloating> Operand<T> atrous(Ops tf, Operand<T> x) {
    long[] s = x.shape().numDimensions() < 0 ? builtShape.clone() : x.shape().asArray();
    for (int i = 1; i <= 2; i++) {
      s[i] = s[i] < 0 ? builtShape[i] : s[i];
    }
    if (s[1] < 0 || s[2] < 0) {
      throw new InvalidInputException(name(), "static spatial dimensions for dilation_rate > 1",
          "unknown");
    }
    int[] start = new int[2];
    int[] end = new int[2];
    int[] extra = new int[2];
    int[] inner = new int[2];
    for (int i = 0; i < 2; i++) {
      int out = Math.toIntExact(s[1 + i] + lengthOffset(i));
      if (same) {
        int pad = kernelSize[i] + (kernelSize[i] - 1) * (rate - 1) - 1;
        start[i] = pad / 2;
        end[i] = pad - start[i];
      }
      int full = out + start[i] + end[i];
      extra[i] = (rate - full % rate) % rate;
      inner[i] = (full + extra[i]) / rate;
    }
    Operand<T> v = tf.spaceToBatchNd(x, tf.constant(new long[] {rate, rate}),
        tf.constant(new int[][] {{0, extra[0]}, {0, extra[1]}}));
    Operand<TInt32> size;
    if (s[0] >= 0) {
      size = tf.constant(new int[] {Math.toIntExact(rate * rate * s[0]), inner[0], inner[1],
          filters});
    } else {
      size = tf.concat(List.of(tf.slice(tf.shape(v), tf.constant(new int[] {0}),
          tf.constant(new int[] {1})), tf.constant(new int[] {inner[0], inner[1], filters})),
          tf.constant(0));
    }
    Operand<T> y = tf.nn.conv2dBackpropInput(size, kernel.<T>read(tf), v,
        List.of(1L, 1L, 1L, 1L), "VALID", Conv2dBackpropInput.dataFormat("NHWC"));
    return tf.batchToSpaceNd(y, tf.constant(new long[] {rate, rate}),
        tf.constant(new int[][] {{start[0], end[0] + extra[0]}, {start[1], end[1] + extra[1]}}));
  }

  /**
   * Options of a transposed convolution layer, named as Keras's arguments; dilation_rate:
   * tf-keras's Conv2DTranspose only, equal, with strides 1.
   */
  abstract static class Options<B extends Options<B>> extends WindowOptions<B> {
    final int filters;
    int[] outputPadding;

    Options(String defaultName, int filters, int[] kernelSize) {
      super(defaultName, kernelSize);
      this.filters = filters;
    }

    /** output_padding (null, the default: inferred). */
    public B outputPadding(int... v) {
      outputPadding = v == null ? null : v.clone();
      return self();
    }
  }
}

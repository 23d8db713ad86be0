package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * What DepthwiseConv1D/2D and SeparableConv1D/2D share ({@code base_depthwise_conv} and {@code
 * base_separable_conv}, channels_last): {@link DepthwiseOps} on the input, then the bias and the
 * activation. The 1-D layers run as 2-D with a height of 1, in both eras: ExpandDims(x, 1),
 * ExpandDims of each kernel at 0, strides {@code [1, s, s, 1]}, dilations {@code (1, d)}, the 2-D
 * op, Squeeze(1); tf-keras's SeparableConv1D takes {@code causal} padding (Pad of {@code
 * dilation * (kernel - 1)} steps on the left, then valid). Bias: Keras 3 adds {@code
 * reshape(bias, (1, ..., channels))} after the Squeeze (AddV2); tf-keras's BiasAdd runs on the
 * 4-D result, before the Squeeze. The mask is dropped (neither era supports masking here). Not
 * rebuilt in predict() traces.
 *
 * <p>Weights: depthwise kernel {@code kernel_size + (in, depth_multiplier)} (named {@code
 * kernel} by Keras 3's depthwise layers, {@code depthwise_kernel} otherwise), the separable
 * layers' {@code pointwise_kernel} {@code (1, ..., in * depth_multiplier, filters)}, {@code
 * bias} (in * depth_multiplier or filters).
 */
abstract class BaseDepthwiseConv extends CoreLayer {
  private final int rank;
  private final int filters;
  private final int depthMultiplier;
  private final int[] kernelSize;
  private final int[] strides;
  private final boolean same;
  private final boolean causal;
  private final int[] dilationRate;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer depthwiseInitializer;
  private final Initializer pointwiseInitializer;
  private final Initializer biasInitializer;
  private Variable depthwise;
  private Variable pointwise;
  private Variable bias;
  private long[] builtShape;

  /** @param filters the pointwise filters of a separable layer, 0 for a depthwise one */
  BaseDepthwiseConv(Options<?> b, int rank, int filters) {
    super(b.name(), b.dtype(), b.era());
    this.rank = rank;
    this.filters = filters;
    this.depthMultiplier = b.depthMultiplier;
    this.kernelSize = b.checkedKernelSize(rank);
    this.strides = b.checkedStrides(rank);
    this.dilationRate = b.checkedDilationRate(rank);
    if (Arrays.stream(strides).anyMatch(s -> s > 1)
        && Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
      throw new IllegalArgumentException("layer '" + b.name() + "': strides > 1 and"
          + " dilation_rate > 1 cannot be combined");
    }
    if (rank == 2 && strides[0] != strides[1]) {
      throw new IllegalArgumentException("layer '" + b.name() + "': TF's depthwise convolution"
          + " takes equal strides only, given " + Arrays.toString(strides));
    }
    if (depthMultiplier <= 0 || filters < 0) {
      throw new IllegalArgumentException("layer '" + b.name()
          + "': depth_multiplier and filters must be positive");
    }
    if (b.causal && (rank != 1 || b.same)) {
      throw new IllegalArgumentException("layer '" + b.name() + "': causal padding is for the"
          + " 1-D layers, instead of same");
    }
    this.same = b.same;
    this.causal = b.causal;
    this.activation = b.activation();
    this.useBias = b.useBias();
    this.depthwiseInitializer = b.kernelInitializer();
    this.pointwiseInitializer = b.pointwiseInitializer;
    this.biasInitializer = b.biasInitializer();
  }

  public int depthMultiplier() {
    return depthMultiplier;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  /** padding "same" (true) or "valid"/"causal". */
  public boolean samePadding() {
    return same;
  }

  /** padding "causal" (tf-keras's SeparableConv1D). */
  public boolean causalPadding() {
    return causal;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  private boolean separable() {
    return filters > 0;
  }

  private long outChannels(long in) {
    return separable() ? filters : in * depthMultiplier;
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
    long in = shapes.get(0)[rank + 1];
    long[] k = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      k[i] = kernelSize[i];
    }
    k[rank] = in;
    k[rank + 1] = depthMultiplier;
    boolean keras3Depthwise = !separable() && era() == KerasEra.KERAS_3;
    depthwise = addWeight(keras3Depthwise ? "kernel" : "depthwise_kernel", k,
        depthwiseInitializer);
    if (separable()) {
      long[] p = new long[rank + 2];
      Arrays.fill(p, 1);
      p[rank] = in * depthMultiplier;
      p[rank + 1] = filters;
      pointwise = addWeight("pointwise_kernel", p, pointwiseInitializer);
    }
    if (useBias) {
      bias = addWeight("bias", new long[] {outChannels(in)}, biasInitializer);
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] out = s.clone();
    for (int i = 0; i < rank; i++) {
      out[1 + i] = ConvOps.outputLength(s[1 + i], kernelSize[i], same || causal, strides[i],
          dilationRate[i]);
    }
    out[rank + 1] = s[rank + 1] < 0 ? -1 : outChannels(s[rank + 1]);
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

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    Operand<T> dk = depthwise.read(tf);
    Operand<T> pk = separable() ? pointwise.read(tf) : null;
    List<Long> s4;
    int[] d2;
    if (causal) {
      int left = dilationRate[0] * (kernelSize[0] - 1);
      x = dev.kerasrnn.ops.KOps.pad(tf, x, tf.constant(new int[][] {{0, 0}, {left, 0}, {0, 0}}));
    }
    if (rank == 1) {
      x = tf.expandDims(x, tf.constant(1));
      dk = tf.expandDims(dk, tf.constant(0));
      if (pk != null) {
        pk = tf.expandDims(pk, tf.constant(0));
      }
      s4 = List.of(1L, (long) strides[0], (long) strides[0], 1L);
      d2 = new int[] {1, dilationRate[0]};
    } else {
      s4 = List.of(1L, (long) strides[0], (long) strides[1], 1L);
      d2 = dilationRate;
    }
    long[] spatial = spatial(x);
    Operand<T> y = pk == null ? DepthwiseOps.depthwise(tf, name(), x, dk, s4, same, d2, spatial)
        : DepthwiseOps.separable(tf, name(), x, dk, pk, s4, same, d2, spatial);
    boolean keras3 = era() == KerasEra.KERAS_3;
    if (useBias && !keras3) {
      y = tf.nn.biasAdd(y, bias.read(tf));
    }
    if (rank == 1) {
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    if (useBias && keras3) {
      y = ConvOps.keras3Bias(tf, y, bias.read(tf), rank + 2);
    }
    return activation.apply(tf, y);
  }

  /**
   * The (h, w) of the 4-D input {@code x4}: its static sizes, else those the layer was built for
   * (a graph loses them after a transposed convolution for an open batch), -1 if unknown.
   */
  private long[] spatial(Operand<?> x4) {
    long[] s = x4.shape().numDimensions() < 0 ? null : x4.shape().asArray();
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      long built = rank == 1 ? (i == 0 ? 1 : builtShape[1]) : builtShape[1 + i];
      if (rank == 1 && i == 1 && causal && built >= 0) {
        built += (long) dilationRate[0] * (kernelSize[0] - 1);
      }
      out[i] = s == null || s[1 + i] < 0 ? built : s[1 + i];
    }
    return out;
  }

  /** Options of a depthwise or separable convolution layer, named as Keras's arguments. */
  abstract static class Options<B extends Options<B>> extends WindowOptions<B> {
    int depthMultiplier = 1;
    boolean causal;
    Initializer pointwiseInitializer = new GlorotUniform();

    Options(String defaultName, int[] kernelSize) {
      super(defaultName, kernelSize);
    }

    public B depthMultiplier(int v) {
      depthMultiplier = v;
      return self();
    }

    /** padding "causal": Pad {@code dilation * (kernel - 1)} steps on the left, then valid. */
    public B causal(boolean v) {
      causal = v;
      return self();
    }
  }
}

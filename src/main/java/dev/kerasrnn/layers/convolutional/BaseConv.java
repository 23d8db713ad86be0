package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * What Conv2D and Conv3D share ({@code keras.src.layers.convolutional.base_conv.BaseConv},
 * channels_last, groups 1): {@link ConvOps#convolution} of the input with the kernel
 * ({@code kernel_size + (in, filters)}), the bias (Keras 3: Reshape to (1, ..., filters) and
 * AddV2; tf-keras: BiasAdd), then the activation. The mask is dropped. Not rebuilt in predict()
 * traces.
 */
abstract class BaseConv extends CoreLayer {
  private final int rank;
  private final int filters;
  private final int[] kernelSize;
  private final int[] strides;
  private final boolean same;
  private final int[] dilationRate;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private Variable kernel;
  private Variable bias;

  BaseConv(Options<?> b, int rank) {
    super(b.name(), b.dtype(), b.era());
    this.rank = rank;
    this.filters = b.filters;
    this.kernelSize = b.checkedKernelSize(rank);
    this.strides = b.checkedStrides(rank);
    this.dilationRate = b.checkedDilationRate(rank);
    if (Arrays.stream(strides).anyMatch(s -> s > 1)
        && Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
      throw new IllegalArgumentException("layer '" + b.name() + "': strides > 1 and"
          + " dilation_rate > 1 cannot be combined");
    }
    if (filters <= 0) {
      throw new IllegalArgumentException("layer '" + b.name() + "': filters must be positive");
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

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), rank + 2, rank + 2);
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    long[] k = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      k[i] = kernelSize[i];
    }
    k[rank] = shapes.get(0)[rank + 1];
    k[rank + 1] = filters;
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
      out[1 + i] = ConvOps.outputLength(s[1 + i], kernelSize[i], same, strides[i],
          dilationRate[i]);
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

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    Operand<T> y = ConvOps.convolution(tf, name(), x, kernel.read(tf), strides, same,
        dilationRate);
    if (useBias) {
      if (era() == KerasEra.KERAS_2) {
        y = tf.nn.biasAdd(y, bias.read(tf));
      } else {
        y = ConvOps.keras3Bias(tf, y, bias.<T>read(tf), rank + 2);
      }
    }
    return activation.apply(tf, y);
  }

  /** Options of a convolution layer, named as Keras's arguments. */
  abstract static class Options<B extends Options<B>> extends WindowOptions<B> {
    final int filters;

    Options(String defaultName, int filters, int[] kernelSize) {
      super(defaultName, kernelSize);
      this.filters = filters;
    }
  }
}

package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.ProjectionOptions;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Conv1D(filters, kernel_size, strides, padding, dilation_rate, activation,
 * use_bias)} (channels_last, groups 1), as {@code tf.nn.convolution} runs it in both eras:
 *
 * <ul>
 *   <li>{@code causal}: Pad {@code dilation * (kernel_size - 1)} steps on the left, then valid;
 *   <li>dilation 1: ExpandDims(x, 1), ExpandDims(kernel, 0), Conv2D (strides {@code [1, 1, s,
 *       1]}, VALID or SAME), Squeeze(1);
 *   <li>dilation d > 1 ({@code _WithSpaceToBatch}): SpaceToBatchND (block d, the SAME base
 *       paddings plus end padding to a multiple of d), the VALID Conv2D above,
 *       BatchToSpaceND (crops the end padding);
 *   <li>bias: Keras 3 Reshape to (1, 1, filters) and AddV2, tf-keras BiasAdd; then activation.
 * </ul>
 *
 * The mask is dropped. Weights: {@code kernel} (kernel_size, in, filters), {@code bias}.
 */
public final class Conv1D extends CoreLayer {
  /** Keras's {@code padding} values. */
  public enum Padding {
    VALID, SAME, CAUSAL;

    /** The value of a Keras config ({@code "valid"}, {@code "same"}, {@code "causal"}). */
    public static Padding fromKeras(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private final int filters;
  private final int kernelSize;
  private final int strides;
  private final Padding padding;
  private final int dilationRate;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private Variable kernel;
  private Variable bias;

  private Conv1D(Builder b) {
    super(b.name(), b.dtype(), b.era());
    if (b.strides <= 0 || b.dilationRate <= 0 || b.strides > 1 && b.dilationRate > 1) {
      throw new IllegalArgumentException("layer '" + b.name() + "': strides and dilation_rate must"
          + " be positive and not both > 1, given " + b.strides + " and " + b.dilationRate);
    }
    this.filters = b.filters;
    this.kernelSize = b.kernelSize;
    this.strides = b.strides;
    this.padding = b.padding;
    this.dilationRate = b.dilationRate;
    this.activation = b.activation();
    this.useBias = b.useBias();
    this.kernelInitializer = b.kernelInitializer();
    this.biasInitializer = b.biasInitializer();
  }

  public static Builder builder(int filters, int kernelSize) {
    return new Builder(filters, kernelSize);
  }

  public int filters() {
    return filters;
  }

  public int kernelSize() {
    return kernelSize;
  }

  public int strides() {
    return strides;
  }

  public Padding padding() {
    return padding;
  }

  public int dilationRate() {
    return dilationRate;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 3, 3);
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    kernel = addWeight("kernel", new long[] {kernelSize, shapes.get(0)[2], filters},
        kernelInitializer);
    if (useBias) {
      bias = addWeight("bias", new long[] {filters}, biasInitializer);
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(new long[] {s[0], outputLength(s[1]), filters});
  }

  private long outputLength(long length) {
    if (length < 0) {
      return -1;
    }
    long span = (long) dilationRate * (kernelSize - 1) + 1;
    if (padding == Padding.VALID) {
      return length < span ? 0 : (length - span) / strides + 1;
    }
    return (length + strides - 1) / strides;
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    return Outputs.of(apply(tf, input(tf, inputs, 0)));
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (era() == KerasEra.KERAS_3) {
      return activation.apply(tf, keras3(tf, x));
    }
    String pad = padding == Padding.SAME ? "SAME" : "VALID";
    if (padding == Padding.CAUSAL) {
      long left = (long) dilationRate * (kernelSize - 1);
      x = KOps.pad(tf, x, tf.constant(new int[][] {{0, 0}, {(int) left, 0}, {0, 0}}));
    }
    Operand<T> k = kernel.read(tf);
    Operand<T> y = dilationRate == 1 ? conv(tf, x, k, pad) : dilated(tf, x, k, pad);
    if (useBias) {
      y = tf.nn.biasAdd(y, bias.read(tf));
    }
    return activation.apply(tf, y);
  }

  /**
   * Keras 3's call: {@code ops.pad} for causal padding (a {@code Const} of the paddings, Pad),
   * {@code tf.nn.convolution} (its {@code convolution} scope: {@code conv1d}'s ExpandDims of the
   * input at -3 and of the kernel, read inside {@code ExpandDims_1}; Conv2D named {@code
   * convolution}; Squeeze), then {@code outputs += ops.reshape(bias, (1, 1, filters))}.
   */
  private <T extends TFloating> Operand<T> keras3(Ops tf, Operand<T> x) {
    String pad = padding == Padding.SAME ? "SAME" : "VALID";
    if (padding == Padding.CAUSAL) {
      int left = dilationRate * (kernelSize - 1);
      Operand<TInt32> p = PyConst.matrix(Py.named(tf, "Const"),
          new int[][] {{0, 0}, {left, 0}, {0, 0}});
      x = KOps.pad(Py.named(tf, "Pad"), x, p);
    }
    Py.OpScope conv = Py.op(tf, "convolution");
    Operand<T> y = dilationRate == 1 ? conv1d(conv, x, pad)
        : withSpaceToBatch(conv, x, pad);
    if (useBias) {
      Py.OpScope r = Py.op(tf, "Reshape");
      Operand<T> b = bias.read(r.inner());
      b = r.op().reshape(b, PyConst.vector(r.inner().withName("shape"), 1, 1, filters));
      y = Py.add(tf, y, b);
    }
    return y;
  }

  /**
   * {@code tf.nn.conv1d} in the {@code convolution} scope: ExpandDims of the input at -3 and of
   * the kernel (read inside {@code ExpandDims_1}), Conv2D named after the scope, Squeeze.
   */
  private <T extends TFloating> Operand<T> conv1d(Py.OpScope conv, Operand<T> x, String pad) {
    Ops in = conv.inner();
    Py.OpScope ex = Py.op(in, "ExpandDims");
    Operand<T> x4 = ex.op().expandDims(x, PyConst.scalar(ex.inner().withName("dim"), -3));
    Py.OpScope ek = Py.op(in, "ExpandDims");
    Operand<T> k = kernel.read(ek.inner());
    Operand<T> k4 = ek.op().expandDims(k, PyConst.scalar(ek.inner().withName("dim"), 0));
    Operand<T> y4 = conv.op().nn.conv2d(x4, k4, List.of(1L, 1L, (long) strides, 1L), pad,
        Conv2d.dataFormat("NHWC"), Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
    return Py.named(in, "Squeeze").squeeze(y4, Squeeze.axis(List.of(-3L)));
  }

  /**
   * {@code tf.nn.convolution} with dilation > 1 ({@code _WithSpaceToBatch}): the dilation and
   * {@code required_space_to_batch_paddings} constants, SpaceToBatchND, {@link #conv1d} with
   * VALID padding, BatchToSpaceND (static time dimension).
   */
  private <T extends TFloating> Operand<T> withSpaceToBatch(Py.OpScope conv, Operand<T> x,
      String pad) {
    long length = CoreOps.shape(x)[1];
    if (length < 0) {
      throw new dev.kerasrnn.core.InvalidInputException(name(),
          "a static time dimension for dilation_rate > 1", "unknown");
    }
    int start = 0;
    int end = 0;
    if (pad.equals("SAME")) {
      int extra = dilationRate * (kernelSize - 1);
      start = extra / 2;
      end = extra - start;
    }
    int full = Math.toIntExact(length) + start + end;
    int endExtra = (dilationRate - full % dilationRate) % dilationRate;
    Ops in = conv.inner();
    PyConst.vector(in.withName("dilation_rate"), dilationRate);
    Ops req = Py.scope(in, "required_space_to_batch_paddings");
    PyConst.vector(req.withName("input_shape"), Math.toIntExact(length));
    PyConst.matrix(req.withName("base_paddings"), new int[][] {{start, end}});
    PyConst.matrix(req.withName("paddings"), new int[][] {{start, end + endExtra}});
    PyConst.matrix(req.withName("crops"), new int[][] {{0, endExtra}});
    Py.OpScope s2b = Py.op(in, "SpaceToBatchND");
    Operand<T> batched = s2b.op().spaceToBatchNd(x,
        PyConst.vector(s2b.inner().withName("block_shape"), dilationRate),
        PyConst.matrix(s2b.inner().withName("paddings"), new int[][] {{start, end + endExtra}}));
    Operand<T> y = conv1d(conv, batched, "VALID");
    Py.OpScope b2s = Py.op(in, "BatchToSpaceND");
    return b2s.op().batchToSpaceNd(y, PyConst.vector(b2s.inner().withName("block_shape"),
        dilationRate), PyConst.matrix(b2s.inner().withName("crops"), new int[][] {{0, endExtra}}));
  }

  /** {@code tf.nn.conv1d}: ExpandDims, Conv2D, Squeeze. */
  private <T extends TFloating> Operand<T> conv(Ops tf, Operand<T> x, Operand<T> k, String pad) {
    Operand<T> x4 = tf.expandDims(x, tf.constant(1));
    Operand<T> k4 = tf.expandDims(k, tf.constant(0));
    Operand<T> y = tf.nn.conv2d(x4, k4, List.of(1L, 1L, (long) strides, 1L), pad,
        Conv2d.dataFormat("NHWC"), Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
    return tf.squeeze(y, Squeeze.axis(List.of(1L)));
  }

  /** {@code _WithSpaceToBatch} for a dilated convolution (static time dimension). */
  private <T extends TFloating> Operand<T> dilated(Ops tf, Operand<T> x, Operand<T> k,
      String pad) {
    long length = CoreOps.shape(x)[1];
    if (length < 0) {
      throw new dev.kerasrnn.core.InvalidInputException(name(),
          "a static time dimension for dilation_rate > 1", "unknown");
    }
    long start = 0;
    long end = 0;
    if (pad.equals("SAME")) {
      long extra = (long) dilationRate * (kernelSize - 1);
      start = extra / 2;
      end = extra - start;
    }
    long full = length + start + end;
    long endExtra = (dilationRate - full % dilationRate) % dilationRate;
    Operand<T> s2b = tf.spaceToBatchNd(x, tf.constant(new int[] {dilationRate}),
        tf.constant(new int[][] {{(int) start, (int) (end + endExtra)}}));
    Operand<T> y = conv(tf, s2b, k, "VALID");
    return tf.batchToSpaceNd(y, tf.constant(new int[] {dilationRate}),
        tf.constant(new int[][] {{0, (int) endExtra}}));
  }

  /** Options of {@link Conv1D}, named as Keras's arguments. */
  public static final class Builder extends ProjectionOptions<Builder> {
    private final int filters;
    private final int kernelSize;
    private int strides = 1;
    private Padding padding = Padding.VALID;
    private int dilationRate = 1;

    private Builder(int filters, int kernelSize) {
      super("conv1d");
      if (filters <= 0 || kernelSize <= 0) {
        throw new IllegalArgumentException("Conv1D: filters and kernel_size must be positive,"
            + " given " + filters + " and " + kernelSize);
      }
      this.filters = filters;
      this.kernelSize = kernelSize;
    }

    public Builder strides(int strides) {
      this.strides = strides;
      return this;
    }

    public Builder padding(Padding padding) {
      this.padding = padding;
      return this;
    }

    public Builder dilationRate(int dilationRate) {
      this.dilationRate = dilationRate;
      return this;
    }

    public Conv1D build() {
      return new Conv1D(this);
    }
  }
}

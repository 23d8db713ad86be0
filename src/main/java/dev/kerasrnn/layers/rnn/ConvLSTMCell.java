package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.convolutional.ConvOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.types.family.TFloating;

/**
 * The cell of Keras's ConvLSTM1D/2D/3D ({@code keras.src.layers.rnn.conv_lstm.ConvLSTMCell},
 * tf-keras {@code base_conv_lstm.ConvLSTMCell}); channels_last, or channels_first in
 * tf-keras ({@link Builder#channelsFirst}). Both eras split the kernel, the
 * recurrent kernel (on their last axis) and the bias into the gates [i, f, c, o], convolve the
 * input with each gate's kernel (the layer's strides, padding, dilation) and add the gate's bias
 * (Keras 3: Reshape to (1, ..., filters) and AddV2; tf-keras: BiasAdd), convolve the state h with
 * each gate's recurrent kernel (strides 1, SAME), then {@code i = ra(x_i + h_i)}, {@code f =
 * ra(x_f + h_f)}, {@code c = f * c + i * a(x_c + h_c)}, {@code o = ra(x_o + h_o)}, {@code h = o *
 * a(c)}. Weights: kernel {@code kernel_size + (in, 4 filters)}, recurrent_kernel {@code
 * kernel_size + (filters, 4 filters)}, bias {@code (4 filters)}.
 */
public final class ConvLSTMCell extends GatedCell {
  private final int rank;
  private final int[] kernelSize;
  private final int[] strides;
  private final boolean same;
  private final int[] dilationRate;
  private final boolean unitForgetBias;
  private final boolean channelsFirst;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;
  private volatile long[] inputSpatial;

  private ConvLSTMCell(Builder b) {
    super(b, 1);
    this.rank = b.kernelSize.length;
    this.kernelSize = b.kernelSize.clone();
    this.strides = b.strides.clone();
    this.same = b.same;
    this.dilationRate = b.dilationRate.clone();
    this.unitForgetBias = b.unitForgetBias;
    this.channelsFirst = b.channelsFirst;
    if (channelsFirst && era != KerasEra.KERAS_2) {
      throw new IllegalArgumentException("cell '" + name + "': channels_first is supported for"
          + " tf-keras ConvLSTM layers only (Keras 3 cannot run ConvLSTM1D/2D channels_first on a"
          + " CPU, and runs ConvLSTM3D's channels_first convolutions through XLA)");
    }
    boolean strided = Arrays.stream(strides).anyMatch(s -> s != 1);
    boolean dilated = Arrays.stream(dilationRate).anyMatch(d -> d != 1);
    if (strided && dilated) {
      throw new IllegalArgumentException("cell '" + name + "': strides > 1 and dilation_rate > 1"
          + " cannot be combined");
    }
  }

  /** {@code ConvLSTMCell(rank, filters, kernel_size)}; rank from the kernel size's length. */
  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link ConvLSTMCell}. */
  public static final class Builder extends CellOptions<Builder> {
    final int[] kernelSize;
    int[] strides;
    boolean same;
    int[] dilationRate;
    boolean unitForgetBias = true;
    boolean channelsFirst;

    Builder(int filters, int[] kernelSize) {
      super(filters, "conv_lstm_cell");
      if (kernelSize.length < 1 || kernelSize.length > 3
          || Arrays.stream(kernelSize).anyMatch(k -> k <= 0)) {
        throw new IllegalArgumentException("ConvLSTM: kernel_size must be 1 to 3 positive"
            + " integers, given " + Arrays.toString(kernelSize));
      }
      this.kernelSize = kernelSize.clone();
      this.strides = ones(kernelSize.length);
      this.dilationRate = ones(kernelSize.length);
    }

    private static int[] ones(int n) {
      int[] o = new int[n];
      Arrays.fill(o, 1);
      return o;
    }

    private int[] check(String what, int[] v) {
      if (v.length != kernelSize.length || Arrays.stream(v).anyMatch(s -> s <= 0)) {
        throw new IllegalArgumentException("ConvLSTM: " + what + " must be " + kernelSize.length
            + " positive integers, given " + Arrays.toString(v));
      }
      return v.clone();
    }

    public Builder strides(int... v) {
      strides = check("strides", v);
      return this;
    }

    /** padding "same" (true) or "valid" (false, the default). */
    public Builder same(boolean v) {
      same = v;
      return this;
    }

    public Builder dilationRate(int... v) {
      dilationRate = check("dilation_rate", v);
      return this;
    }

    public Builder unitForgetBias(boolean v) {
      unitForgetBias = v;
      return this;
    }

    /**
     * data_format {@code channels_first} (tf-keras only): the input and states are [batch,
     * channels, spatial...]; each convolution transposes to channels_last and back, and the bias
     * is a BiasAdd in NCHW, as tf-keras's backend does on a CPU.
     */
    public Builder channelsFirst(boolean v) {
      channelsFirst = v;
      return this;
    }

    public ConvLSTMCell build() {
      return new ConvLSTMCell(this);
    }
  }

  public int rank() {
    return rank;
  }

  public int filters() {
    return units;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public boolean samePadding() {
    return same;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  /** Whether the data_format is channels_first. */
  public boolean channelsFirst() {
    return channelsFirst;
  }

  @Override
  public List<Integer> stateSize() {
    return List.of(units, units);
  }

  /** The spatial sizes of the output and states for input spatial sizes (-1 unknown). */
  public long[] outputSpatial(long[] inputSpatial) {
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = ConvOps.outputLength(inputSpatial[i], kernelSize[i], same, strides[i],
          dilationRate[i]);
    }
    return out;
  }

  /** The static spatial sizes of the step input (set by the layer when it builds). */
  void inputSpatial(long[] spatial) {
    inputSpatial = spatial.clone();
  }

  @Override
  void createWeights(long features) {
    long[] k = new long[rank + 2];
    long[] r = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      k[i] = kernelSize[i];
      r[i] = kernelSize[i];
    }
    k[rank] = features;
    r[rank] = units;
    k[rank + 1] = 4L * units;
    r[rank + 1] = 4L * units;
    kernel = addWeight("kernel", kernelInitializer, k);
    recurrentKernel = addWeight("recurrent_kernel", recurrentInitializer, r);
    if (useBias) {
      Initializer init = unitForgetBias
          ? new LSTMCell.UnitForgetBias(biasInitializer, units) : biasInitializer;
      bias = addWeight("bias", init, 4L * units);
    }
  }

  @Override
  public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states) {
    requireBuilt();
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name, "ConvLSTM cells");
    }
    Operand<T> h = states.get(0);
    Operand<T> cPrev = states.get(1);
    List<Operand<T>> ks = split(tf, kernel.<T>read(tf), 4, rank + 1);
    List<Operand<T>> rs = split(tf, recurrentKernel.<T>read(tf), 4, rank + 1);
    List<Operand<T>> bs = useBias ? split(tf, bias.<T>read(tf), 4, 0) : null;
    List<Operand<T>> xg = new ArrayList<>();
    for (int g = 0; g < 4; g++) {
      xg.add(inputConv(tf, x, ks.get(g), bs == null ? null : bs.get(g)));
    }
    int[] one = new int[rank];
    Arrays.fill(one, 1);
    List<Operand<T>> hg = new ArrayList<>();
    for (int g = 0; g < 4; g++) {
      hg.add(conv(tf, h, rs.get(g), one, true, one, null));
    }
    Operand<T> i = recurrentActivation.apply(tf, Py.add(tf, xg.get(0), hg.get(0)));
    Operand<T> f = recurrentActivation.apply(tf, Py.add(tf, xg.get(1), hg.get(1)));
    Operand<T> c = Py.add(tf, Py.mul(tf, f, cPrev),
        Py.mul(tf, i, activation.apply(tf, Py.add(tf, xg.get(2), hg.get(2)))));
    Operand<T> o = recurrentActivation.apply(tf, Py.add(tf, xg.get(3), hg.get(3)));
    Operand<T> hNew = Py.mul(tf, o, activation.apply(tf, c));
    return new CellOutput<>(hNew, List.of(hNew, c));
  }

  static int[] ints(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  /**
   * tf-keras's {@code backend.conv1d/2d/3d} on a CPU: channels_first input is transposed to
   * channels_last, convolved, and transposed back.
   */
  private <T extends TFloating> Operand<T> conv(Ops tf, Operand<T> x, Operand<T> k, int[] s,
      boolean pad, int[] d, long[] spatial) {
    if (!channelsFirst) {
      return ConvOps.convolution(tf, name, x, k, s, pad, d, spatial);
    }
    int[] toLast = new int[rank + 2];
    int[] toFirst = new int[rank + 2];
    toLast[rank + 1] = 1;
    toFirst[1] = rank + 1;
    for (int i = 0; i < rank; i++) {
      toLast[i + 1] = i + 2;
      toFirst[i + 2] = i + 1;
    }
    Operand<T> last = tf.linalg.transpose(x, tf.constant(toLast));
    Operand<T> y = ConvOps.convolution(tf, name, last, k, s, pad, d, spatial);
    return tf.linalg.transpose(y, tf.constant(toFirst));
  }

  /** {@code input_conv}: the convolution, then the era's bias add. */
  private <T extends TFloating> Operand<T> inputConv(Ops tf, Operand<T> x, Operand<T> k,
      Operand<T> b) {
    Operand<T> y = conv(tf, x, k, strides, same, dilationRate, inputSpatial);
    if (b == null) {
      return y;
    }
    if (era == KerasEra.KERAS_2) {
      return tf.nn.biasAdd(y, b, BiasAdd.dataFormat(channelsFirst ? "NCHW" : "NHWC"));
    }
    long[] shape = new long[rank + 2];
    Arrays.fill(shape, 1);
    shape[rank + 1] = units;
    if (dev.kerasrnn.ops.FlatGraph.graphOf(tf) == null) {
      // Eagerly the bias broadcasts as it is (the same sums): TF's eager op-as-function cache
      // can reuse a Reshape traced for a shape constant that differs only in its last entry.
      return Py.add(tf, y, b);
    }
    return Py.add(tf, y, tf.reshape(b, dev.kerasrnn.tracing.PyConst.vector(tf, ints(shape))));
  }
}

package dev.kerasrnn.layers.core;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.RandomUniform;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.Weights;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Turns int32 ids into vectors; {@code keras.layers.Embedding}. The lookup is a gather (exact);
 * with {@code maskZero} the mask is {@code ids != 0}, as Keras's {@code compute_mask}.
 */
public final class Embedding implements Layer {
  private final String name;
  private final int inputDim;
  private final int outputDim;
  private final boolean maskZero;
  private final KerasEra era;
  private final Variable embeddings;

  /** {@code Embedding(input_dim, output_dim, mask_zero=...)} with Keras's default initializer. */
  public Embedding(String name, int inputDim, int outputDim, boolean maskZero, DType dtype) {
    this(name, inputDim, outputDim, maskZero, dtype, new RandomUniform());
  }

  public Embedding(String name, int inputDim, int outputDim, boolean maskZero, DType dtype,
      Initializer initializer) {
    this(name, inputDim, outputDim, maskZero, dtype, initializer, KerasEra.KERAS_3);
  }

  /** As above, with the era whose op sequence the lookup follows. */
  public Embedding(String name, int inputDim, int outputDim, boolean maskZero, DType dtype,
      Initializer initializer, KerasEra era) {
    if (inputDim <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException("Embedding '" + name + "': input_dim and output_dim must"
          + " be positive, given " + inputDim + " and " + outputDim);
    }
    this.name = name;
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.maskZero = maskZero;
    this.era = era;
    this.embeddings = new Variable(name, "embeddings", dtype, new long[] {inputDim, outputDim},
        initializer);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void build(List<long[]> inputShapes) {}

  @Override
  public boolean isBuilt() {
    return true;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] in = inputShapes.get(0);
    long[] out = java.util.Arrays.copyOf(in, in.length + 1);
    out[in.length] = outputDim;
    return List.of(out);
  }

  @Override
  public List<Variable> weights() {
    return trainableVariables();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of(new RecurrentLayer.WeightGroup("", trainableVariables()));
  }

  /**
   * Checks host-side ids before any op runs: Keras's lookup fails on an id outside the table
   * (TensorFlow's GatherV2: "indices[...] = 12 is not in [0, 10)"); Keras 3's {@code ops.take}
   * first wraps negative ids once, so it takes {@code [-input_dim, input_dim)}, tf-keras
   * {@code [0, input_dim)}. Float ids are truncated toward zero, as the Cast to int32 does.
   *
   * @param ids an {@link IntArray} or a float {@link HostArray} (other values are not ids)
   * @throws InvalidInputException naming the layer, the valid range and the first bad id
   */
  public void checkIds(Object ids) {
    long low = era == KerasEra.KERAS_3 ? -inputDim : 0;
    if (ids instanceof IntArray a) {
      for (int i = 0; i < a.size(); i++) {
        int v = a.get(i);
        if (v < low || v >= inputDim) {
          throw badId(String.valueOf(v), i, low);
        }
      }
    } else if (ids instanceof HostArray a) {
      long n = a.size();
      for (long i = 0; i < n; i++) {
        double d = a.getDouble(i);
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        if (!(t >= low && t < inputDim)) {
          throw badId(String.valueOf(d), i, low);
        }
      }
    }
  }

  private InvalidInputException badId(String id, long index, long low) {
    return new InvalidInputException(name, "ids in [" + low + ", " + inputDim + ") (input_dim "
        + inputDim + ")", "id " + id + " at flat index " + index);
  }

  /** As a model layer: ids of another type are cast to int32 first, as Keras does. */
  @Override
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<?> x = inputs.get(0);
    Operand<TInt32> ids = x.type() == TInt32.class ? (Operand<TInt32>) x
        : Py.named(tf, "Cast").dtypes.cast(x, TInt32.class);
    Operand<TFloating> out = lookup(tf, ids);
    // Traced, a Keras 3 model computes the mask after the call, in its own scope.
    boolean after = masksAfterCall() && Py.tracing(tf);
    return Outputs.of(out, maskZero && !after ? mask(tf, x) : null);
  }

  @Override
  public boolean masksAfterCall() {
    return maskZero && era == KerasEra.KERAS_3;
  }

  @Override
  public List<Operand<TBool>> outputMasks(Ops tf, List<Operand<?>> inputs,
      List<Operand<TBool>> masks) {
    return java.util.Arrays.asList(maskZero ? mask(tf, inputs.get(0)) : null);
  }

  /** {@code compute_mask}: {@code ops.not_equal(ids, 0)}, the 0 converted to an int32 Const. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Operand<TBool> mask(Ops tf, Operand<?> ids) {
    Operand zero = ids.type() == TInt32.class ? PyConst.scalar(Py.named(tf, "Const"), 0)
        : tf.dtypes.cast(tf.constant(0), (Class) ids.type());
    return Py.named(tf, "NotEqual").math.notEqual((Operand) ids, zero);
  }

  /**
   * The lookup. Keras 3's {@code ops.take(embeddings, ids, axis=0)}: negative ids count from the
   * end ({@code where(ids < 0, ids + shape(embeddings)[0], ids)}), then GatherV2; tf-keras's
   * {@code embedding_lookup}: GatherV2 alone.
   */
  private <T extends TFloating> Operand<T> lookup(Ops tf, Operand<TInt32> ids) {
    if (era != KerasEra.KERAS_3) {
      Operand<T> table = embeddings.read(tf);
      return tf.gather(table, ids, tf.constant(0));
    }
    Py.OpScope less = Py.op(tf, "Less");
    Operand<TBool> negative = less.op().math.less(ids, PyConst.scalar(less.inner().withName("y"),
        0));
    Operand<TInt32> rows;
    if (Py.tracing(tf)) {
      // tf.shape of the variable: a read inside the Shape scope, folded to a constant.
      Py.OpScope shape = Py.op(tf, "Shape");
      embeddings.read(shape.inner());
      rows = PyConst.vector(shape.op(), inputDim, outputDim);
    } else {
      rows = tf.constant(new int[] {inputDim, outputDim});
    }
    Py.OpScope slice = Py.op(tf, "strided_slice");
    Operand<TInt32> first = slice.op().stridedSlice(rows,
        PyConst.vector(slice.inner().withName("stack"), 0),
        PyConst.vector(slice.inner().withName("stack_1"), 1),
        PyConst.vector(slice.inner().withName("stack_2"), 1),
        StridedSlice.shrinkAxisMask(1L));
    Operand<TInt32> wrapped = Py.add(tf, ids, first);
    Operand<TInt32> index = Py.named(tf, "SelectV2").select(negative, wrapped, ids);
    Py.OpScope gather = Py.op(tf, "GatherV2");
    Operand<T> table = embeddings.read(gather.inner());
    return gather.op().gather(table, index, PyConst.scalar(gather.inner().withName("axis"), 0));
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  public boolean maskZero() {
    return maskZero;
  }

  public DType dtype() {
    return embeddings.dtype();
  }

  public List<Variable> trainableVariables() {
    return List.of(embeddings);
  }

  /** Sets the embedding matrix; {@code layer.set_weights([embeddings])}. */
  public void setWeights(List<HostArray> weights) {
    Weights.assign(name, trainableVariables(), weights);
  }

  /** {@code layer(ids)} with its mask (null unless maskZero). */
  public <T extends TFloating> MaskedOutput<T> call(Ops tf, Operand<TInt32> ids) {
    return new MaskedOutput<>(lookup(tf, ids), maskZero ? mask(tf, ids) : null);
  }
}

package dev.kerasrnn.layers.attention;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.MultiHeadAttention(num_heads, key_dim, value_dim, use_bias, output_shape,
 * dropout)} over rank-3 inputs (query (batch, T, dim), value and key (batch, S, ...)) with the
 * default attention axes. Masks: the query's (batch, T, 1), value's and key's (batch, 1, S), the
 * causal mask (1, T, S) and {@code attention_mask}, ANDed; Keras 3 takes them as the call's
 * {@code query_mask} / {@code value_mask} / {@code key_mask} arguments, tf-keras from the
 * tensors' own masks. Ops per era:
 *
 * <ul>
 *   <li>Keras 3 ({@code ops.einsum}'s rewrites of its equations): projections {@code
 *       abc,cde->abde} as Reshape(kernel, [c, -1]), BatchMatMulV2, Reshape [-1, T, N, H], AddV2
 *       bias; {@code query * 1/sqrt(key_dim)} (Mul, a float32 constant); scores {@code
 *       aecd,abcd->acbe} as Transpose(key, [0, 2, 1, 3]), Transpose(query, [0, 2, 3, 1]),
 *       BatchMatMulV2, Transpose [0, 1, 3, 2]; combine {@code acbe,aecd->abcd} as Transpose(value,
 *       [0, 2, 1, 3]), BatchMatMulV2, Transpose [0, 2, 1, 3]; output {@code abcd,cde->abe} as
 *       Reshape(x, [-1, T, N * H]), Reshape(kernel, [-1, out]), BatchMatMulV2, AddV2 bias;
 *   <li>tf-keras: each equation one Einsum op, the same Mul, AddV2 biases.
 * </ul>
 *
 * The masked softmax in both: the mask expanded at axis -3, {@code scores + (1 - cast(mask)) *
 * -1e9} (Cast, Sub, Mul, AddV2), Softmax over the last axis. Dropout is an inference no-op. The
 * output mask is the query's mask; the scores (batch, N, T, S) get none. Weights (EinsumDense
 * {@code kernel}, {@code bias}): query (dim, N, key_dim), key, value (.., N, value_dim), output
 * (N, value_dim, out); Keras 3 stores them under {@code query_dense}, ..., tf-keras's {@code
 * .keras} under {@code _query_dense}, ... Only the float32 policy; Keras 3's {@code output_shape}
 * (which Keras 3.6 itself cannot call or load) and {@code attention_axes} other than the default
 * are refused.
 */
public final class MultiHeadAttention extends CoreLayer {
  private static final String[] PARTS = {"query", "key", "value", "output"};
  private final int numHeads;
  private final int keyDim;
  private final int valueDim;
  private final boolean useBias;
  private final long[] outputShape;
  private final double dropout;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Variable[] kernels = new Variable[4];
  private final Variable[] biases = new Variable[4];

  /**
   * @param valueDim the value head size (Keras: {@code value_dim or key_dim})
   * @param outputShape the output's last dimensions, or null for the query's last dimension
   */
  public MultiHeadAttention(String name, int numHeads, int keyDim, int valueDim, boolean useBias,
      long[] outputShape, double dropout, Initializer kernelInitializer,
      Initializer biasInitializer, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0) {
      throw new IllegalArgumentException("num_heads, key_dim and value_dim must be positive,"
          + " given " + numHeads + ", " + keyDim + ", " + valueDim);
    }
    if (!dtype.equals(DTypePolicy.FLOAT32)) {
      throw new IllegalArgumentException("dtype policy " + dtype.name() + " is not supported by"
          + " MultiHeadAttention (float32 only)");
    }
    if (outputShape != null && (outputShape.length != 1 || outputShape[0] <= 0)) {
      throw new IllegalArgumentException("output_shape must be one positive dimension, given "
          + Arrays.toString(outputShape));
    }
    this.numHeads = numHeads;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.useBias = useBias;
    this.outputShape = outputShape == null ? null : outputShape.clone();
    this.dropout = dropout;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  public int numHeads() {
    return numHeads;
  }

  public int keyDim() {
    return keyDim;
  }

  public int valueDim() {
    return valueDim;
  }

  public boolean useBias() {
    return useBias;
  }

  public double dropout() {
    return dropout;
  }

  @Override
  public List<String> namedTensorArguments() {
    return era() == KerasEra.KERAS_3
        ? List.of("value", "key", "attention_mask", "query_mask", "value_mask", "key_mask")
        : List.of("value", "key", "attention_mask");
  }

  @Override
  public Set<String> callOptions() {
    return Set.of(BaseDenseAttention.USE_CAUSAL_MASK, BaseDenseAttention.RETURN_ATTENTION_SCORES);
  }

  @Override
  public boolean takesMask() {
    return false;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Arrays.asList(previousMasks == null || previousMasks.isEmpty() ? null
        : previousMasks.get(0), null);
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 2, namedTensorArguments().size() + 1);
    HeadShapes s = HeadShapes.of(name(), kerasClassName(), shapes);
    requireRank(s.query(), 3, 3);
    requireRank(s.value(), 3, 3);
    requireRank(s.key(), 3, 3);
    if (!s.agree(era() == KerasEra.KERAS_3)) {
      throw new InvalidInputException(name(), "MultiHeadAttention inputs query (batch, T, dim),"
          + " value (batch, S, " + (era() == KerasEra.KERAS_3 ? "dim" : "dv") + "), key (batch,"
          + " S, dk) with known last dimensions", s.describe());
    }
    if (!s.attentionMaskAgrees()) {
      throw new InvalidInputException(name(), "an attention_mask of shape (batch, T, S)",
          HostArray.shapeString(s.attentionMask()));
    }
    int bad = s.badMask();
    if (bad >= 0) {
      throw new InvalidInputException(name(), "a " + namedTensorArguments().get(bad - 1)
          + " of shape (batch, time)", HostArray.shapeString(shapes.get(bad)));
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    HeadShapes s = HeadShapes.of(name(), kerasClassName(), shapes);
    long[] q = s.query();
    long[] v = s.value();
    long[] k = s.key();
    long out = outputShape == null ? q[2] : outputShape[0];
    long[][] kernelShapes = {{q[2], numHeads, keyDim}, {k[2], numHeads, keyDim},
        {v[2], numHeads, valueDim}, {numHeads, valueDim, out}};
    long[][] biasShapes = {{numHeads, keyDim}, {numHeads, keyDim}, {numHeads, valueDim}, {out}};
    for (int i = 0; i < 4; i++) {
      kernels[i] = addWeight(PARTS[i] + "_kernel", kernelShapes[i], kernelInitializer);
      if (useBias) {
        biases[i] = addWeight(PARTS[i] + "_bias", biasShapes[i], biasInitializer);
      }
    }
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    List<RecurrentLayer.WeightGroup> out = new ArrayList<>();
    String prefix = era() == KerasEra.KERAS_3 ? "" : "_";
    for (int i = 0; i < 4; i++) {
      List<Variable> vars = new ArrayList<>(List.of(kernels[i]));
      if (useBias) {
        vars.add(biases[i]);
      }
      out.add(new RecurrentLayer.WeightGroup(prefix + PARTS[i] + "_dense", vars));
    }
    return out;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return outputShapes(inputShapes, Map.of());
  }

  @Override
  public List<long[]> outputShapes(List<long[]> in, Map<String, Boolean> options) {
    long[] q = in.get(0);
    long[] v = in.get(1);
    long[] out = {q[0], q[1], outputShape == null ? q[2] : outputShape[0]};
    if (options.getOrDefault(BaseDenseAttention.RETURN_ATTENTION_SCORES, false)) {
      return List.of(out, new long[] {q[0], numHeads, q[1], v[1]});
    }
    return List.of(out);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    return call(tf, inputs, masks, Map.of());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks,
      Map<String, Boolean> options) {
    List<long[]> shapes = checkCall(inputs, options);
    boolean keras3 = era() == KerasEra.KERAS_3;
    long[] q = shapes.get(0);
    long[] v = shapes.get(1);
    if (keras3 && (q[1] < 0 || v[1] < 0)) {
      throw new InvalidInputException(name(), "Keras 3 MultiHeadAttention inputs of known"
          + " lengths (its einsum rewrites need them)", HeadShapes.of(name(), kerasClassName(), shapes).describe());
    }
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "MultiHeadAttention layers");
    }
    Operand<TBool> qMask;
    Operand<TBool> vMask;
    Operand<TBool> kMask;
    if (keras3) {
      qMask = boolAt(tf, inputs, 4);
      vMask = boolAt(tf, inputs, 5);
      kMask = boolAt(tf, inputs, 6);
    } else {
      qMask = masks == null || masks.isEmpty() ? null : masks.get(0);
      vMask = masks == null || masks.size() < 2 ? null : masks.get(1);
      Operand<TBool> own = masks == null || masks.size() < 3 ? null : masks.get(2);
      kMask = HeadShapes.at(shapes, 2) == null ? vMask : own;
    }
    Operand<?> attentionMask = inputs.size() > 3 ? inputs.get(3) : null;
    Operand<?> mask = attentionMask(tf, inputs, qMask, vMask, kMask, attentionMask,
        options.getOrDefault(BaseDenseAttention.USE_CAUSAL_MASK, false));
    Operand<? extends TFloating> query = input(tf, inputs, 0);
    List<Operand<?>> out = apply(tf, query, inputs, mask);
    if (options.getOrDefault(BaseDenseAttention.RETURN_ATTENTION_SCORES, false)) {
      return new Outputs(out, Arrays.asList(qMask, null));
    }
    return Outputs.of(out.get(0), qMask);
  }

  @SuppressWarnings("unchecked")
  static Operand<TBool> boolAt(Ops tf, List<Operand<?>> inputs, int i) {
    Operand<?> x = i < inputs.size() ? inputs.get(i) : null;
    if (x == null) {
      return null;
    }
    return x.type() == TBool.class ? (Operand<TBool>) x : tf.dtypes.cast(x, TBool.class);
  }

  /** {@code _compute_attention_mask}: the ANDed masks, or the attention_mask, or null. */
  @SuppressWarnings("unchecked")
  static Operand<?> attentionMask(Ops tf, List<Operand<?>> inputs, Operand<TBool> qMask,
      Operand<TBool> vMask, Operand<TBool> kMask, Operand<?> attentionMask, boolean causal) {
    Operand<TBool> auto = null;
    if (qMask != null) {
      auto = tf.expandDims(qMask, tf.constant(-1));
    }
    if (vMask != null) {
      Operand<TBool> m = tf.expandDims(vMask, tf.constant(-2));
      auto = auto == null ? m : tf.math.logicalAnd(auto, m);
    }
    if (kMask != null) {
      Operand<TBool> m = tf.expandDims(kMask, tf.constant(-2));
      auto = auto == null ? m : tf.math.logicalAnd(auto, m);
    }
    if (causal) {
      Operand<TInt32> t = seqLength(tf, inputs.get(0));
      Operand<TInt32> s = seqLength(tf, inputs.get(1));
      Operand<TBool> m = AttentionOps.causalMask(tf, t, s);
      auto = auto == null ? m : tf.math.logicalAnd(auto, m);
    }
    if (auto == null) {
      return attentionMask;
    }
    if (attentionMask == null) {
      return auto;
    }
    Operand<TBool> am = attentionMask.type() == TBool.class ? (Operand<TBool>) attentionMask
        : tf.dtypes.cast(attentionMask, TBool.class);
    return tf.math.logicalAnd(am, auto);
  }

  private static Operand<TInt32> seqLength(Ops tf, Operand<?> x) {
    return tf.reshape(tf.stridedSlice(tf.shape(x), tf.constant(new int[] {1}),
        tf.constant(new int[] {2}), tf.constant(new int[] {1})), tf.constant(new int[] {1}));
  }

  private <T extends TFloating> List<Operand<?>> apply(Ops tf, Operand<T> query,
      List<Operand<?>> inputs, Operand<?> mask) {
    Operand<T> value = input(tf, inputs, 1);
    Operand<T> key = inputs.size() > 2 && inputs.get(2) != null ? input(tf, inputs, 2) : value;
    Operand<T> q = project(tf, query, 0);
    Operand<T> k = project(tf, key, 1);
    Operand<T> v = project(tf, value, 2);
    q = tf.math.mul(q, scalarLike(tf, (float) (1.0 / Math.sqrt(keyDim)), q));
    Operand<T> scores;
    if (era() == KerasEra.KERAS_3) {
      Operand<T> kt = tf.linalg.transpose(k, tf.constant(new int[] {0, 2, 1, 3}));
      Operand<T> qt = tf.linalg.transpose(q, tf.constant(new int[] {0, 2, 3, 1}));
      scores = tf.linalg.transpose(AttentionOps.batchMatMulV2(tf, kt, qt, false),
          tf.constant(new int[] {0, 1, 3, 2}));
    } else {
      scores = tf.linalg.einsum(List.of(k, q), "aecd,abcd->acbe");
    }
    scores = maskedSoftmax(tf, scores, mask);
    Operand<T> combined;
    if (era() == KerasEra.KERAS_3) {
      combined = keras3Combine(tf, scores, v);
    } else {
      combined = tf.linalg.einsum(List.of(scores, v), "acbe,aecd->abcd");
    }
    Operand<T> out = outputProjection(tf, combined);
    return List.of(out, scores);
  }

  /** The query / key / value EinsumDense ({@code abc,cde->abde}) and its bias. */
  private <T extends TFloating> Operand<T> project(Ops tf, Operand<T> x, int part) {
    Operand<T> kernel = kernels[part].read(tf);
    long[] ks = kernels[part].shape();
    Operand<T> y;
    if (era() == KerasEra.KERAS_3) {
      y = keras3ProjectionEinsum(tf, x, kernel, ks);
    } else {
      y = tf.linalg.einsum(List.of(x, kernel), "abc,cde->abde");
    }
    return useBias ? KOps.addV2(tf, y, biases[part].read(tf)) : y;
  }

  /** The output EinsumDense ({@code abcd,cde->abe}) and its bias. */
  private <T extends TFloating> Operand<T> outputProjection(Ops tf, Operand<T> x) {
    Operand<T> kernel = kernels[3].read(tf);
    Operand<T> y;
    if (era() == KerasEra.KERAS_3) {
      y = keras3OutputEinsum(tf, x, kernel, kernels[3].shape());
    } else {
      y = tf.linalg.einsum(List.of(x, kernel), "abcd,cde->abe");
    }
    return useBias ? KOps.addV2(tf, y, biases[3].read(tf)) : y;
  }

  /** Keras 3's {@code einsum("abc,cde->abde", x, kernel)}: Reshape, BatchMatMulV2, Reshape. */
  static <T extends TFloating> Operand<T> keras3ProjectionEinsum(Ops tf, Operand<T> x,
      Operand<T> kernel, long[] ks) {
    long t = CoreOps.shape(x)[1];
    Operand<T> k2 = CoreOps.reshape(tf, kernel, ks[0], -1);
    return CoreOps.reshape(tf, AttentionOps.batchMatMulV2(tf, x, k2, false), -1, t, ks[1], ks[2]);
  }

  /** Keras 3's {@code einsum("abcd,cde->abe", x, kernel)}: Reshape both, BatchMatMulV2. */
  static <T extends TFloating> Operand<T> keras3OutputEinsum(Ops tf, Operand<T> x,
      Operand<T> kernel, long[] ks) {
    long t = CoreOps.shape(x)[1];
    Operand<T> x3 = CoreOps.reshape(tf, x, -1, t, ks[0] * ks[1]);
    Operand<T> k2 = CoreOps.reshape(tf, kernel, -1, ks[2]);
    return AttentionOps.batchMatMulV2(tf, x3, k2, false);
  }

  /** Keras 3's {@code einsum("abcd,adbe->acbe", scores, value)}: Transpose, BatchMatMulV2, Transpose. */
  static <T extends TFloating> Operand<T> keras3Combine(Ops tf, Operand<T> scores,
      Operand<T> v) {
    Operand<T> vt = tf.linalg.transpose(v, tf.constant(new int[] {0, 2, 1, 3}));
    return tf.linalg.transpose(AttentionOps.batchMatMulV2(tf, scores, vt, false),
        tf.constant(new int[] {0, 2, 1, 3}));
  }

  /** The Softmax layer with a mask: {@code x + (1 - cast(mask)) * -1e9}, Softmax. */
  static <T extends TFloating> Operand<T> maskedSoftmax(Ops tf, Operand<T> scores,
      Operand<?> mask) {
    if (mask != null) {
      Operand<?> m = tf.expandDims(mask, tf.constant(-3));
      Operand<T> keep = tf.dtypes.cast(m, scores.type());
      Operand<T> adder = tf.math.mul(tf.math.sub(scalarLike(tf, 1.0, scores), keep),
          scalarLike(tf, -1.0e9, scores));
      scores = KOps.addV2(tf, scores, adder);
    }
    return tf.nn.softmax(scores);
  }

  @Override
  public String toString() {
    return super.toString() + " heads=" + numHeads + " key_dim=" + keyDim + " dropout="
        + dropout;
  }
}

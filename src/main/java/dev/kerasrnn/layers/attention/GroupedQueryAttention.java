package dev.kerasrnn.layers.attention;

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
import org.tensorflow.types.family.TFloating;

/**
 * Keras 3's {@code keras.layers.GroupedQueryAttention(head_dim, num_query_heads,
 * num_key_value_heads, dropout, use_bias)} over rank-3 inputs (no tf-keras equivalent). Masks as
 * {@link MultiHeadAttention}'s (Keras 3's {@code query_mask} / {@code value_mask} / {@code
 * key_mask} call arguments, the causal mask, {@code attention_mask}). Ops ({@code ops.einsum}'s
 * rewrites): the projections {@code bqm,muh->bquh} / {@code bkm,mvh->bkvh} as Reshape(kernel),
 * BatchMatMulV2, Reshape, AddV2 bias; key and value repeated {@code num_query_heads /
 * num_key_value_heads} times along the head axis; the query multiplied by {@code 1 /
 * sqrt(cast(head_dim))} computed in float32 (Sqrt, RealDiv); scores {@code bquh,bkuh->buqk} as
 * Transpose(query, [0, 2, 1, 3]), Transpose(key, [0, 2, 3, 1]), BatchMatMulV2; the masked Softmax;
 * combine and output projection as MultiHeadAttention's. Dropout is an inference no-op; {@code
 * return_attention_scores} is refused (Keras 3.6 has no symbolic output for the scores). The
 * output mask is the query's. Weights under {@code query_dense}, {@code key_dense}, {@code
 * value_dense}, {@code output_dense} (Keras 3 keeps the underscore: {@code _query_dense}, ...), the
 * layer's own under {@code layers/grouped_query_attention} (its Python class name, not the
 * exported {@code GroupQueryAttention} its config carries). Only the float32 policy.
 */
public final class GroupedQueryAttention extends CoreLayer {
  private static final String[] PARTS = {"query", "key", "value", "output"};
  private final int headDim;
  private final int numQueryHeads;
  private final int numKeyValueHeads;
  private final double dropout;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Variable[] kernels = new Variable[4];
  private final Variable[] biases = new Variable[4];

  public GroupedQueryAttention(String name, int headDim, int numQueryHeads, int numKeyValueHeads,
      double dropout, boolean useBias, Initializer kernelInitializer,
      Initializer biasInitializer, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (era != KerasEra.KERAS_3) {
      throw new IllegalArgumentException("GroupedQueryAttention is a Keras 3 layer");
    }
    if (headDim <= 0 || numQueryHeads <= 0 || numKeyValueHeads <= 0
        || numQueryHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException("head_dim, num_query_heads and num_key_value_heads must"
          + " be positive and num_query_heads divisible by num_key_value_heads, given " + headDim
          + ", " + numQueryHeads + ", " + numKeyValueHeads);
    }
    if (!dtype.equals(DTypePolicy.FLOAT32)) {
      throw new IllegalArgumentException("dtype policy " + dtype.name() + " is not supported by"
          + " GroupedQueryAttention (float32 only)");
    }
    this.headDim = headDim;
    this.numQueryHeads = numQueryHeads;
    this.numKeyValueHeads = numKeyValueHeads;
    this.dropout = dropout;
    this.useBias = useBias;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  public int headDim() {
    return headDim;
  }

  public int numQueryHeads() {
    return numQueryHeads;
  }

  public int numKeyValueHeads() {
    return numKeyValueHeads;
  }

  public double dropout() {
    return dropout;
  }

  @Override
  public List<String> namedTensorArguments() {
    return List.of("value", "key", "attention_mask", "query_mask", "value_mask", "key_mask");
  }

  @Override
  public Set<String> callOptions() {
    return Set.of(BaseDenseAttention.USE_CAUSAL_MASK);
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Arrays.asList(previousMasks == null || previousMasks.isEmpty() ? null
        : previousMasks.get(0));
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 2, namedTensorArguments().size() + 1);
    HeadShapes s = HeadShapes.of(name(), kerasClassName(), shapes);
    requireRank(s.query(), 3, 3);
    requireRank(s.value(), 3, 3);
    requireRank(s.key(), 3, 3);
    if (!s.agree(true) || !s.attentionMaskAgrees() || s.badMask() >= 0) {
      throw new InvalidInputException(name(), "GroupedQueryAttention inputs query (batch, T,"
          + " dim), value (batch, S, dim), key (batch, S, dk), attention_mask (batch, T, S),"
          + " masks (batch, time)", s.describe());
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    HeadShapes s = HeadShapes.of(name(), kerasClassName(), shapes);
    long[] q = s.query();
    long[] v = s.value();
    long[] k = s.key();
    long[][] kernelShapes = {{q[2], numQueryHeads, headDim}, {k[2], numKeyValueHeads, headDim},
        {v[2], numKeyValueHeads, headDim}, {numQueryHeads, headDim, q[2]}};
    long[][] biasShapes = {{numQueryHeads, headDim}, {numKeyValueHeads, headDim},
        {numKeyValueHeads, headDim}, {q[2]}};
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
    for (int i = 0; i < 4; i++) {
      List<Variable> vars = new ArrayList<>(List.of(kernels[i]));
      if (useBias) {
        vars.add(biases[i]);
      }
      out.add(new RecurrentLayer.WeightGroup("_" + PARTS[i] + "_dense", vars));
    }
    return out;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] q = inputShapes.get(0);
    return List.of(q.clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    return call(tf, inputs, masks, Map.of());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks,
      Map<String, Boolean> options) {
    List<long[]> shapes = checkCall(inputs, options);
    if (shapes.get(0)[1] < 0 || shapes.get(1)[1] < 0) {
      throw new InvalidInputException(name(), "GroupedQueryAttention inputs of known lengths"
          + " (Keras 3's einsum rewrites need them)", HostArray.shapeString(shapes.get(0))
          + ", " + HostArray.shapeString(shapes.get(1)));
    }
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "GroupedQueryAttention layers");
    }
    Operand<TBool> qMask = MultiHeadAttention.boolAt(tf, inputs, 4);
    Operand<?> mask = MultiHeadAttention.attentionMask(tf, inputs, qMask,
        MultiHeadAttention.boolAt(tf, inputs, 5), MultiHeadAttention.boolAt(tf, inputs, 6),
        inputs.size() > 3 ? inputs.get(3) : null,
        options.getOrDefault(BaseDenseAttention.USE_CAUSAL_MASK, false));
    Operand<? extends TFloating> query = input(tf, inputs, 0);
    return Outputs.of(apply(tf, query, inputs, mask), qMask);
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> query,
      List<Operand<?>> inputs, Operand<?> mask) {
    Operand<T> value = input(tf, inputs, 1);
    Operand<T> key = inputs.size() > 2 && inputs.get(2) != null ? input(tf, inputs, 2) : value;
    Operand<T> q = project(tf, query, 0);
    Operand<T> k = repeatHeads(tf, project(tf, key, 1));
    Operand<T> v = repeatHeads(tf, project(tf, value, 2));
    Operand<T> dim = KOps.scalarLike(tf, headDim, q);
    Operand<T> inv = tf.math.realDiv(KOps.scalarLike(tf, 1.0, q), tf.math.sqrt(dim));
    q = tf.math.mul(q, inv);
    Operand<T> qt = tf.linalg.transpose(q, tf.constant(new int[] {0, 2, 1, 3}));
    Operand<T> kt = tf.linalg.transpose(k, tf.constant(new int[] {0, 2, 3, 1}));
    Operand<T> scores = AttentionOps.batchMatMulV2(tf, qt, kt, false);
    scores = MultiHeadAttention.maskedSoftmax(tf, scores, mask);
    Operand<T> combined = MultiHeadAttention.keras3Combine(tf, scores, v);
    Operand<T> y = MultiHeadAttention.keras3OutputEinsum(tf, combined, kernels[3].read(tf),
        kernels[3].shape());
    return useBias ? KOps.addV2(tf, y, biases[3].read(tf)) : y;
  }

  private <T extends TFloating> Operand<T> project(Ops tf, Operand<T> x, int part) {
    Operand<T> y = MultiHeadAttention.keras3ProjectionEinsum(tf, x, kernels[part].read(tf),
        kernels[part].shape());
    return useBias ? KOps.addV2(tf, y, biases[part].read(tf)) : y;
  }

  /** {@code ops.repeat(x, num_repeats, axis=2)}: each head {@code num_repeats} times in turn. */
  private <T extends TFloating> Operand<T> repeatHeads(Ops tf, Operand<T> x) {
    int r = numQueryHeads / numKeyValueHeads;
    if (r == 1) {
      return x;
    }
    long[] s = CoreOps.shape(x);
    Operand<T> e = tf.expandDims(x, tf.constant(3));
    Operand<T> tiled = tf.tile(e, tf.constant(new int[] {1, 1, 1, r, 1}));
    return CoreOps.reshape(tf, tiled, -1, s[1], s[2] * r, s[3]);
  }
}

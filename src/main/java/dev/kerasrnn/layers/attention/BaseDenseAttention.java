package dev.kerasrnn.layers.attention;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * What Keras's dense attention layers share ({@code Attention.call} in Keras 3, which {@code
 * AdditiveAttention} extends; tf-keras's {@code BaseDenseAttention}): inputs {@code [query, value]}
 * or {@code [query, value, key]} (key defaults to value), masks {@code [query_mask, value_mask]},
 * the call options {@code use_causal_mask} and {@code return_attention_scores}. After the
 * subclass's scores (batch, Tq, Tv): the score mask's padding subtracted as {@code scores -= 1e9 *
 * cast(logical_not(mask))} (Mul, Sub), Softmax over the last axis, BatchMatMulV2 with the value,
 * and the query mask multiplied in ({@code result *= cast(expand_dims(q_mask, -1))}).
 *
 * <p>The score mask per era: tf-keras expands the value mask to (batch, 1, Tv) and ANDs it with
 * the causal mask (1, Tq, Tv) ({@code cumsum(ones, -2) >= cumsum(ones, -1)}); Keras 3.6 expands it
 * only when causal, and otherwise subtracts the (batch, Tv) mask as TF broadcasts it against
 * (batch, Tq, Tv) (its rows then run along Tq; Keras fails unless batch == Tq or one of them is
 * 1, and so does this layer, with an {@link InvalidInputException}). Dropout is an inference
 * no-op. The output mask is the query mask; the scores get none. Only the float32 policy.
 */
public abstract class BaseDenseAttention extends CoreLayer {
  /** The call options both eras' attention layers take. */
  public static final String USE_CAUSAL_MASK = "use_causal_mask";
  public static final String RETURN_ATTENTION_SCORES = "return_attention_scores";

  private final boolean useScale;
  private final double dropout;

  BaseDenseAttention(String name, boolean useScale, double dropout, DTypePolicy dtype,
      KerasEra era) {
    super(name, dtype, era);
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1], given " + dropout);
    }
    if (!dtype.equals(DTypePolicy.FLOAT32)) {
      throw new IllegalArgumentException("dtype policy " + dtype.name() + " is not supported by"
          + " the attention layers (float32 only)");
    }
    this.useScale = useScale;
    this.dropout = dropout;
  }

  public final boolean useScale() {
    return useScale;
  }

  /** The attention-score dropout rate; a no-op at inference. */
  public final double dropout() {
    return dropout;
  }

  /** The scores (batch, Tq, Tv) of {@code query} (batch, Tq, dim) and {@code key}. */
  abstract <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> query, Operand<T> key);

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 2, 3);
    for (long[] s : shapes) {
      requireRank(s, 3, 3);
    }
    long[] q = shapes.get(0);
    long[] v = shapes.get(1);
    long[] k = shapes.size() > 2 ? shapes.get(2) : v;
    boolean ok = agree(q[0], v[0]) && agree(q[0], k[0]) && agree(v[1], k[1])
        && agree(q[2], k[2]) && agreeValue(q, v);
    if (!ok) {
      throw new InvalidInputException(name(), kerasClassName() + " inputs [query (batch, Tq,"
          + " dim), value (batch, Tv, " + (needsValueDim() ? "dim" : "dv") + "), key (batch, Tv,"
          + " dim)]", describe(shapes));
    }
  }

  /** Whether the value's last axis must equal the query's (AdditiveAttention's scale). */
  boolean needsValueDim() {
    return false;
  }

  private boolean agreeValue(long[] q, long[] v) {
    return !needsValueDim() || agree(q[2], v[2]);
  }

  static boolean agree(long a, long b) {
    return a < 0 || b < 0 || a == b;
  }

  static String describe(List<long[]> shapes) {
    List<String> out = new ArrayList<>();
    shapes.forEach(s -> out.add(HostArray.shapeString(s)));
    return String.join(", ", out);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return outputShapes(inputShapes, Map.of());
  }

  @Override
  public List<long[]> outputShapes(List<long[]> in, Map<String, Boolean> options) {
    long[] q = in.get(0);
    long[] v = in.get(1);
    long[] out = {q[0], q[1], v[2]};
    if (options.getOrDefault(RETURN_ATTENTION_SCORES, false)) {
      return List.of(out, new long[] {q[0], q[1], v[1]});
    }
    return List.of(out);
  }

  @Override
  public Set<String> callOptions() {
    return Set.of(USE_CAUSAL_MASK, RETURN_ATTENTION_SCORES);
  }

  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Arrays.asList(previousMasks == null || previousMasks.isEmpty() ? null
        : previousMasks.get(0));
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    return call(tf, inputs, masks, Map.of());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks,
      Map<String, Boolean> options) {
    requireInputs(inputs, 2, 3);
    List<long[]> shapes = checkCall(inputs, options);
    Operand<TBool> qMask = masks == null || masks.isEmpty() ? null : masks.get(0);
    Operand<TBool> vMask = masks == null || masks.size() < 2 ? null : masks.get(1);
    checkMask(qMask, shapes.get(0), "query");
    checkMask(vMask, shapes.get(1), "value");
    boolean causal = options.getOrDefault(USE_CAUSAL_MASK, false);
    if (vMask != null && !causal && era() == KerasEra.KERAS_3) {
      long b = shapes.get(0)[0];
      long tq = shapes.get(0)[1];
      if (b > 1 && tq > 1 && b != tq) {
        throw new InvalidInputException(name(), "Keras 3's " + kerasClassName() + " with a value"
            + " mask and no causal mask: batch == Tq or one of them 1 (Keras 3.6 broadcasts the"
            + " (batch, Tv) mask against the (batch, Tq, Tv) scores and fails otherwise)",
            describe(shapes));
      }
    }
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "attention layers");
    }
    Operand<? extends TFloating> q = input(tf, inputs, 0);
    List<Operand<?>> out = apply(tf, q, inputs, qMask, vMask, causal);
    boolean scores = options.getOrDefault(RETURN_ATTENTION_SCORES, false);
    if (scores) {
      return new Outputs(out, Arrays.asList(qMask, null));
    }
    return Outputs.of(out.get(0), qMask);
  }

  /** A mask must be (batch, time) of its input. */
  private void checkMask(Operand<TBool> mask, long[] input, String which) {
    if (mask == null) {
      return;
    }
    long[] m = CoreOps.shape(mask);
    if (m.length != 2 || !agree(m[0], input[0]) || !agree(m[1], input[1])) {
      throw new InvalidInputException(name(), "a " + which + " mask of shape (batch, time) = "
          + HostArray.shapeString(new long[] {input[0], input[1]}), HostArray.shapeString(m));
    }
  }

  private <T extends TFloating> List<Operand<?>> apply(Ops tf, Operand<T> q,
      List<Operand<?>> inputs, Operand<TBool> qMask, Operand<TBool> vMask, boolean causal) {
    Operand<T> v = input(tf, inputs, 1);
    Operand<T> k = inputs.size() > 2 ? input(tf, inputs, 2) : v;
    Operand<T> scores = scores(tf, q, k);
    Operand<TBool> scoresMask = scoresMask(tf, scores, vMask, causal);
    if (scoresMask != null) {
      Operand<T> padding = tf.dtypes.cast(tf.math.logicalNot(scoresMask), scores.type());
      scores = tf.math.sub(scores, tf.math.mul(scalarLike(tf, 1.0e9, scores), padding));
    }
    Operand<T> weights = tf.nn.softmax(scores);
    Operand<T> result = AttentionOps.batchMatMulV2(tf, weights, v, false);
    if (qMask != null) {
      Operand<T> keep = tf.dtypes.cast(tf.expandDims(qMask, tf.constant(-1)), result.type());
      result = tf.math.mul(result, keep);
    }
    return List.of(result, weights);
  }

  private Operand<TBool> scoresMask(Ops tf, Operand<?> scores, Operand<TBool> vMask,
      boolean causal) {
    if (!causal) {
      return vMask == null ? null : era() == KerasEra.KERAS_3 ? vMask
          : tf.expandDims(vMask, tf.constant(-2));
    }
    Operand<TBool> causalMask = AttentionOps.causalMask(tf, tf.shape(scores));
    if (vMask == null) {
      return causalMask;
    }
    return tf.math.logicalAnd(tf.expandDims(vMask, tf.constant(-2)), causalMask);
  }

  /** {@code ops.sum(x, axis=-1)} / {@code tf.reduce_sum(x, axis=-1)}. */
  static <T extends TFloating> Operand<T> sumLast(Ops tf, Operand<T> x) {
    return tf.reduceSum(x, tf.constant(-1), ReduceSum.keepDims(false));
  }

}

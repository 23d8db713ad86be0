package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * {@code keras.layers.TimeDistributed(layer)}: applies {@code layer} to every time step of a
 * (batch, time, ...) input, with the era's op sequence:
 *
 * <ul>
 *   <li>Keras 3 (static time axis): Transpose to time-major, per step a StridedSlice and {@code
 *       layer.call} on the (batch, ...) slice (so a Dense does a 2-D MatMul per step), Pack,
 *       Transpose back ({@code time_distributed.py} implementation 1);
 *   <li>tf-keras (built-in inner layer): Reshape to (batch * time, ...), one {@code layer.call},
 *       Reshape to (batch, time, ...).
 * </ul>
 *
 * Any layer of the library can be wrapped (Conv2D, MaxPooling2D, Flatten, BatchNormalization,
 * Dense, Dropout, Conv1D, GlobalAveragePooling1D, ...). Keras 3 gives each step its slice of the
 * mask when the inner layer's call takes one; tf-keras gives the reshaped mask and asks the inner
 * layer's {@code compute_mask} for the output mask. Which inner layers a mask may reach is
 * {@link #refuseUnfollowedMask}'s business (the model asks at load). Keras 3 stores the inner
 * layer's weights under {@code <layer>/layer/vars}.
 */
public final class TimeDistributed extends CoreLayer {
  /**
   * tf-keras inner layers that support masking with the default {@code compute_mask} (the mask
   * passes) and whose inference call ignores a mask: the reshaped mask comes back unchanged.
   */
  private static final Set<String> TF_KERAS_MASK_PASSES = Set.of("Dense", "Dropout",
      "BatchNormalization", "Activation");
  private final Layer layer;
  private int inputRank;

  /** {@code TimeDistributed(layer)} named {@code name}; the inner layer's era applies. */
  public TimeDistributed(String name, Layer layer, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (layer == null) {
      throw new IllegalArgumentException("TimeDistributed '" + name + "': layer is null");
    }
    this.layer = layer;
  }

  /** {@code TimeDistributed(layer)} in float32 under the given era. */
  public TimeDistributed(String name, Layer layer, KerasEra era) {
    this(name, layer, DTypePolicy.FLOAT32, era);
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  private static long[] childShape(long[] s) {
    long[] c = new long[s.length - 1];
    c[0] = s[0] < 0 || s[1] < 0 ? -1 : s[0];
    System.arraycopy(s, 2, c, 1, s.length - 2);
    return c;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 3, Integer.MAX_VALUE);
    if (era() == KerasEra.KERAS_3 && shapes.get(0)[1] == 0) {
      // Keras 3 stacks the per-step outputs: ops.stack([]) fails (and an empty op input list
      // crashes TF's eager runtime).
      throw new InvalidInputException(name(), "at least one time step (Keras 3 TimeDistributed"
          + " stacks its per-step outputs)", "shape " + Arrays.toString(shapes.get(0)));
    }
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    long[] s = shapes.get(0).clone();
    inputRank = s.length;
    s[0] = -1;
    layer.build(List.of(childShape(s)));
    int outputs = layer.outputShapes(List.of(childShape(s))).size();
    if (outputs != 1) {
      throw new ConfigException("layer '" + name() + "' (TimeDistributed): inner layer '"
          + layer.name() + "' (" + layer.kerasClassName() + ") has " + outputs + " outputs;"
          + " TimeDistributed over a layer with several outputs is not supported");
    }
  }

  /**
   * Refuses, with a ConfigException naming the inner layer, a mask reaching this layer that the
   * library would not follow as Keras does. A model calls this at load, after building, when a
   * mask may reach the layer. Keras 3 passes each step's {@code mask[i]} (shape (batch,)) to an
   * inner layer whose call takes a mask: of those only BatchNormalization on 3-D input accepts it
   * (and ignores it at inference; GlobalAveragePooling1D, Softmax, recurrent layers and nested
   * models cannot take a (batch,) mask as Keras gives it; a nested model's masks are not
   * followed under TimeDistributed in either era). tf-keras passes the reshaped mask and
   * takes the inner layer's {@code compute_mask}: the mask comes back unchanged only for the
   * layers of {@link #TF_KERAS_MASK_PASSES}; others raise in tf-keras or make masks of their own.
   */
  public void refuseUnfollowedMask() {
    String cls = layer.kerasClassName();
    boolean model = cls.equals("Sequential") || cls.equals("Functional");
    boolean ok = model ? false : era() == KerasEra.KERAS_3
        ? !layer.takesMask() || (cls.equals("BatchNormalization") && inputRank == 3)
        : TF_KERAS_MASK_PASSES.contains(cls);
    if (!ok) {
      throw new ConfigException("layer '" + name() + "' (TimeDistributed): a mask may reach it"
          + " and its inner layer '" + layer.name() + "' (" + cls + ") cannot take it as "
          + (era() == KerasEra.KERAS_3 ? "Keras 3" : "tf-keras") + " passes it (masked"
          + " TimeDistributed over " + cls + " is not supported)");
    }
  }

  @Override
  public List<Variable> weights() {
    return layer.weights();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    List<RecurrentLayer.WeightGroup> out = new ArrayList<>();
    for (RecurrentLayer.WeightGroup g : layer.weightGroups()) {
      out.add(new RecurrentLayer.WeightGroup(g.path().isEmpty() ? "layer" : "layer/" + g.path(),
          g.variables()));
    }
    return out;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] child = layer.outputShapes(List.of(childShape(s))).get(0);
    long[] out = new long[child.length + 1];
    out[0] = s[0];
    out[1] = s[1];
    System.arraycopy(child, 1, out, 2, child.length - 1);
    return List.of(out);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    Operand<TBool> mask = masks == null || masks.isEmpty() ? null : masks.get(0);
    Operand<?> y = era() == KerasEra.KERAS_3 ? perStep(tf, x, mask) : reshaped(tf, x);
    return Outputs.of(y, firstMask(masks));
  }

  private Operand<?> inner(Ops tf, Operand<?> x, Operand<TBool> mask) {
    return layer.call(tf, List.of(x), Arrays.asList(mask)).values().get(0);
  }

  /** {@code x[t]} of a time-major tensor: a StridedSlice with TF Python's names. */
  private static <U extends TType> Operand<U> step(Ops tf, Operand<U> timeMajor, int t) {
    Py.OpScope slice = Py.op(tf, "strided_slice");
    return slice.op().stridedSlice(timeMajor,
        PyConst.vector(slice.inner().withName("stack"), t),
        PyConst.vector(slice.inner().withName("stack_1"), t + 1),
        PyConst.vector(slice.inner().withName("stack_2"), 1),
        StridedSlice.shrinkAxisMask(1L));
  }

  /**
   * Keras 3's implementation 1: {@code ops.shape} of the input (and of the mask), both transposed
   * to time-major, per step {@code inputs[i]} (a StridedSlice) and {@code layer.call}, then
   * {@code ops.stack} and the transpose back. Traced with TF Python's names.
   */
  @SuppressWarnings("unchecked")
  private <T extends TFloating> Operand<?> perStep(Ops tf, Operand<T> x, Operand<TBool> mask) {
    long[] s = CoreOps.shape(x);
    if (s[1] <= 0) {
      throw new InvalidInputException(name(), "a static, non-zero time dimension (Keras 3"
          + " TimeDistributed loops over it and stacks the steps)", "shape " + Arrays.toString(s));
    }
    if (Py.tracing(tf) && layer instanceof RecurrentAdapter) {
      throw new UnsupportedTraceException(name(), "a recurrent layer under Keras 3's"
          + " TimeDistributed (the per-step loops' traced TensorArray shapes are not rebuilt)");
    }
    if (Py.tracing(tf)) {
      PyConst.vector(Py.named(tf, "Shape"), BackendOps.staticShape(x));
      if (mask != null) {
        PyConst.vector(Py.named(tf, "Shape"), BackendOps.staticShape(mask));
      }
    }
    Operand<T> timeMajor = transpose(tf, x, s.length);
    boolean stepMasks = mask != null && layer.takesMask();
    Operand<TBool> maskMajor = null;
    if (mask != null && (stepMasks || Py.tracing(tf))) {
      maskMajor = transpose(tf, mask, mask.shape().numDimensions());
    }
    List<Operand<T>> steps = new ArrayList<>();
    for (int t = 0; t < s[1]; t++) {
      Operand<TBool> stepMask = stepMasks ? step(tf, maskMajor, t) : null;
      steps.add((Operand<T>) inner(tf, step(tf, timeMajor, t), stepMask));
    }
    Operand<T> stacked = Py.named(tf, "stack").stack(steps);
    return transpose(tf, stacked, CoreOps.shape(stacked).length);
  }

  /** {@code ops.transpose(x, [1, 0, 2, ...])}: Transpose with {@code transpose/perm}. */
  private static <T extends TType> Operand<T> transpose(Ops tf, Operand<T> x, int rank) {
    Py.OpScope t = Py.op(tf, "transpose");
    return t.op().linalg.transpose(x, PyConst.vector(t.inner().withName("perm"), swap01(rank)));
  }

  private static int[] swap01(int rank) {
    int[] p = new int[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = i;
    }
    p[0] = 1;
    p[1] = 0;
    return p;
  }

  /**
   * tf-keras: reshape to (batch * time, ...), the layer, reshape back to (-1, time, ...); an
   * unknown time dimension is read from the input at run time, as tf-keras does.
   */
  private <T extends TFloating> Operand<?> reshaped(Ops tf, Operand<T> x) {
    long[] s = CoreOps.shape(x);
    long[] in = Arrays.copyOfRange(s, 1, s.length);
    in[0] = -1;
    if (CoreOps.product(in, 1, in.length) < 0) {
      throw new InvalidInputException(name(), "static sizes after the time dimension",
          "shape " + Arrays.toString(s));
    }
    Operand<?> y = inner(tf, CoreOps.reshape(tf, x, in), null);
    long[] ys = CoreOps.shape(y);
    long[] out = new long[ys.length + 1];
    out[0] = -1;
    out[1] = s[1];
    System.arraycopy(ys, 1, out, 2, ys.length - 1);
    if (CoreOps.product(out, 2, out.length) < 0) {
      throw new InvalidInputException(name(), "static output sizes after the time dimension",
          "inner output shape " + Arrays.toString(ys));
    }
    if (s[1] >= 0) {
      return CoreOps.reshape(tf, y, out);
    }
    Operand<TInt64> time = tf.slice(tf.shape(x, TInt64.class), tf.constant(new long[] {1}),
        tf.constant(new long[] {1}));
    Operand<TInt64> target = tf.concat(List.of(tf.constant(new long[] {-1}), time,
        tf.constant(Arrays.copyOfRange(out, 2, out.length))), tf.constant(0));
    return tf.reshape(y, target);
  }

  /** Its call takes {@code mask}. */
  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Collections.singletonList(firstMask(previousMasks));
  }
}

package dev.kerasrnn.layers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.TraceScope;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A layer weight: name, shape, dtype and value held in JVM memory. Equivalent of {@code
 * keras.Variable}. The initializer runs only if the value is read before one is assigned, so
 * loading weights from a file never runs initializers. Under a mixed dtype policy the value stays
 * in the variable dtype (float32) and {@link #read} casts it to the compute dtype, as Keras's
 * autocast does on every read inside a layer's call.
 */
public final class Variable {
  private final String name;
  private final String owner;
  private final DType dtype;
  private final DType computeDtype;
  private final long[] shape;
  private final Initializer initializer;
  private HostArray value;
  private final Map<ExecutionEnvironment, WeakReference<Operand<?>>> constants = new WeakHashMap<>();

  public Variable(String owner, String name, DType dtype, long[] shape, Initializer initializer) {
    this(owner, name, dtype, dtype, shape, initializer);
  }

  /** A variable kept in {@code dtype} and read as {@code computeDtype} (a mixed policy). */
  public Variable(String owner, String name, DType dtype, DType computeDtype, long[] shape,
      Initializer initializer) {
    this.owner = owner;
    this.name = name;
    this.dtype = dtype;
    this.computeDtype = computeDtype;
    this.shape = shape.clone();
    this.initializer = initializer;
  }

  /**
   * A new weight, for a custom {@link RNNCell}; {@code layer.add_weight(name, shape, initializer)}.
   *
   * @param owner the cell or layer name, the first part of {@link #path()}
   */
  public static Variable create(String owner, String name, DType dtype, long[] shape,
      Initializer initializer) {
    return new Variable(owner, name, dtype, shape, initializer);
  }

  /** The Keras variable name, e.g. {@code "kernel"}. */
  public String name() {
    return name;
  }

  /** The Keras path, e.g. {@code "lstm_cell/kernel"}. */
  public String path() {
    return owner + "/" + name;
  }

  /** The dtype the value is kept (and loaded, and saved) in; Keras's {@code variable.dtype}. */
  public DType dtype() {
    return dtype;
  }

  /** The dtype {@link #read} returns: the layer's compute dtype. */
  public DType computeDtype() {
    return computeDtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** The current value (initialized on first use). */
  public synchronized HostArray value() {
    if (value == null) {
      value = initializer.generate(dtype, shape);
    }
    return value;
  }

  /**
   * Replaces the value; {@code Variable.assign} in Keras.
   *
   * @throws WeightsException if shape or dtype differ
   */
  public synchronized void assign(HostArray newValue) {
    if (!Arrays.equals(newValue.shape(), shape) || newValue.dtype() != dtype) {
      throw new WeightsException("weight '" + path() + "': expected " + dtype
          + HostArray.shapeString(shape) + ", given " + newValue.dtype()
          + HostArray.shapeString(newValue.shape()));
    }
    value = newValue;
    constants.clear();
  }

  /**
   * The value as a constant in the execution environment of {@code tf}, in the compute dtype:
   * when that differs from the variable dtype, the float32 constant followed by one Cast op, as
   * Keras's {@code ReadVariableOp} + {@code Cast} (Keras casts on each read; the Cast is
   * element-wise, so one shared Cast gives the same bits). Created once per environment (and
   * again only if the first one was collected).
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends TFloating> Operand<T> read(Ops tf) {
    if (tf.scope() instanceof TraceScope traced) {
      // Keras's predict() graph: a ReadVariableOp on the captured resource handle; a mixed
      // policy's autocast reads it inside the scope of its own tf.cast.
      if (computeDtype == dtype) {
        Operand<TFloating> stored = traced.graph().readVariable(this, dtype.dataType(), shape,
            traced);
        return (Operand<T>) stored;
      }
      Py.OpScope cast = Py.op(tf, "Cast");
      Operand<TFloating> stored = ((TraceScope) cast.inner().scope()).graph().readVariable(this,
          dtype.dataType(), shape, (TraceScope) cast.inner().scope());
      return (Operand<T>) KOps.castTo(cast.op(), stored, computeDtype);
    }
    ExecutionEnvironment env = tf.scope().env();
    WeakReference<Operand<?>> ref = constants.get(env);
    Operand<?> cached = ref == null ? null : ref.get();
    if (cached == null) {
      Operand<TFloating> stored;
      try (TFloating tensor = value().toTensor()) {
        stored = tf.withName(name).constantOf(tensor);
      }
      cached = KOps.castTo(tf, stored, computeDtype);
      constants.put(env, new WeakReference<>(cached));
    }
    return (Operand<T>) cached;
  }

  @Override
  public String toString() {
    return "<Variable path=" + path() + ", shape=" + HostArray.shapeString(shape) + ", dtype="
        + dtype + (computeDtype == dtype ? "" : ", compute_dtype=" + computeDtype) + ">";
  }
}

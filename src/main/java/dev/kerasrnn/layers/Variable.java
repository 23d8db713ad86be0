package dev.kerasrnn.layers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.initializers.Initializer;
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
 * loading weights from a file never runs initializers.
 */
public final class Variable {
  private final String name;
  private final String owner;
  private final DType dtype;
  private final long[] shape;
  private final Initializer initializer;
  private HostArray value;
  private final Map<ExecutionEnvironment, WeakReference<Operand<?>>> constants = new WeakHashMap<>();

  Variable(String owner, String name, DType dtype, long[] shape, Initializer initializer) {
    this.owner = owner;
    this.name = name;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.initializer = initializer;
  }

  /** The Keras variable name, e.g. {@code "kernel"}. */
  public String name() {
    return name;
  }

  /** The Keras path, e.g. {@code "lstm_cell/kernel"}. */
  public String path() {
    return owner + "/" + name;
  }

  public DType dtype() {
    return dtype;
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
   * The value as a constant in the execution environment of {@code tf}, created once per
   * environment (and again only if the first one was collected).
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends TFloating> Operand<T> read(Ops tf) {
    ExecutionEnvironment env = tf.scope().env();
    WeakReference<Operand<?>> ref = constants.get(env);
    Operand<?> cached = ref == null ? null : ref.get();
    if (cached == null) {
      try (T tensor = value().toTensor()) {
        cached = tf.withName(name).constantOf(tensor);
      }
      constants.put(env, new WeakReference<>(cached));
    }
    return (Operand<T>) cached;
  }

  @Override
  public String toString() {
    return "<Variable path=" + path() + ", shape=" + HostArray.shapeString(shape) + ", dtype="
        + dtype + ">";
  }
}

package dev.kerasrnn.tracing;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * TF Python's graph-building conventions, for ops traced as Keras's {@code predict()} traces them
 * ({@link TraceScope}): a Python {@code name_scope}, and an op named after the scope it was built
 * in (as every TF Python op wrapper does: {@code with name_scope(name, "Default") as scope: ...
 * op(name=scope)}, so the constants it converts are named {@code scope/y}, {@code
 * scope/split_dim}, ...). Outside a trace names change no bits, so these return {@code tf}
 * itself and cost nothing.
 */
public final class Py {
  private Py() {}

  /** Whether {@code tf} builds a traced function, where names matter. */
  public static boolean tracing(Ops tf) {
    return tf.scope() instanceof TraceScope;
  }

  /** {@code with tf.name_scope(name):} (a name ending in {@code /} reuses that scope). */
  public static Ops scope(Ops tf, String name) {
    return tracing(tf) ? tf.withSubScope(name) : tf;
  }

  /**
   * An op wrapper's scope: {@link #inner} builds what the wrapper converts or creates inside it
   * ({@code name/y}), {@link #op} names the op itself after the scope ({@code name}).
   */
  public record OpScope(Ops inner, Ops op) {}

  /** Enters the op wrapper scope {@code name} (made unique). */
  public static OpScope op(Ops tf, String name) {
    Ops inner = tf.withSubScope(name);
    if (!tracing(tf)) {
      // Names only matter to a trace; a sub-scope keeps fixed inner names unique in a graph.
      return new OpScope(inner, tf);
    }
    return new OpScope(inner, tf.withName("/" + ((TraceScope) inner.scope()).stack()));
  }

  /**
   * The name scope of a Keras 3 {@code Layer.__call__}: the layer's name is entered twice, for
   * {@code _maybe_build} and for the call (so the ops of a layer {@code lstm} are named {@code
   * lstm_1/...}); the second scope is returned.
   */
  public static Ops kerasCall(Ops tf, String layerName) {
    if (!tracing(tf)) {
      return tf;
    }
    tf.withSubScope(layerName);
    return tf.withSubScope(layerName);
  }

  /** {@code tf} naming its next op {@code name} (made unique), or {@code tf} when not tracing. */
  public static Ops named(Ops tf, String name) {
    return tracing(tf) ? tf.withName(name) : tf;
  }

  /** Python's {@code x + y} on tensors: AddV2 named {@code add}. */
  public static <T extends TType> Operand<T> add(Ops tf, Operand<T> x, Operand<T> y) {
    return addV2(named(tf, "add"), x, y);
  }

  /** The AddV2 op named by {@code tf}'s scope (TF Java's {@code tf.math.add} emits Add). */
  public static <T extends TType> Operand<T> addV2(Ops tf, Operand<T> x, Operand<T> y) {
    return tf.scope().env()
        .opBuilder("AddV2", tf.scope().makeOpName("AddV2"), tf.scope())
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .build()
        .output(0);
  }

  /** Python's {@code x * y} on tensors: Mul named {@code mul}. */
  public static <T extends TType> Operand<T> mul(Ops tf, Operand<T> x, Operand<T> y) {
    return named(tf, "mul").math.mul(x, y);
  }

  /** Python's {@code x - y} on tensors: Sub named {@code sub}. */
  public static <T extends TType> Operand<T> sub(Ops tf, Operand<T> x, Operand<T> y) {
    return named(tf, "sub").math.sub(x, y);
  }

  private static final java.util.concurrent.atomic.AtomicLong GRADIENTS =
      new java.util.concurrent.atomic.AtomicLong(1000);

  /**
   * The end of a {@code tf.custom_gradient} function in a graph: an Identity of the result (left
   * unused) and an IdentityN of the result and the arguments marked with {@code
   * _gradient_op_type}, whose first output is the value; outside a trace, {@code y} itself.
   */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> customGradient(Ops tf, Operand<T> y,
      Operand<?>... args) {
    if (!tracing(tf)) {
      return y;
    }
    tf.withName("Identity").identity(y);
    org.tensorflow.Output<?>[] all = new org.tensorflow.Output<?>[args.length + 1];
    org.tensorflow.proto.DataType[] types = new org.tensorflow.proto.DataType[all.length];
    all[0] = y.asOutput();
    for (int i = 0; i < args.length; i++) {
      all[i + 1] = args[i].asOutput();
    }
    for (int i = 0; i < all.length; i++) {
      types[i] = all[i].dataType();
    }
    return (Operand<T>) tf.scope().env()
        .opBuilder("IdentityN", tf.scope().makeOpName("IdentityN"), tf.scope())
        .addInputList(all)
        .setAttr("T", types)
        .setAttr("_gradient_op_type", "CustomGradient-" + GRADIENTS.incrementAndGet())
        .build()
        .output(0);
  }
}

package dev.kerasrnn.layers;

import dev.kerasrnn.tracing.Py;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The Keras 3 calls on layer weights that the layers share, written once for every execution
 * mode: eagerly and compiled they are just the op; traced (Keras's {@code predict()} graph) they
 * also build what TF Python builds around the op, with its names. Keras 3's {@code
 * ops.matmul(x, variable)} reads the variable inside {@code tf.cast}'s name scope ({@code
 * Cast/ReadVariableOp}, a Cast op after it under a mixed policy); Python's {@code x + variable}
 * reads it inside the {@code add} scope the AddV2 op is named after.
 */
public final class KerasOps {
  private KerasOps() {}

  /** {@code ops.matmul(x, w)} for a 2-D {@code x}: the read, then MatMul. */
  public static <T extends TFloating> Operand<T> matmul(Ops tf, Operand<T> x, Variable w) {
    Operand<T> k = w.read(Py.scope(tf, "Cast"));
    return Py.named(tf, "MatMul").linalg.matMul(x, k);
  }

  /** Python {@code x + w}: AddV2 named {@code add}, the variable read inside its scope. */
  public static <T extends TFloating> Operand<T> add(Ops tf, Operand<T> x, Variable w) {
    Py.OpScope add = Py.op(tf, "add");
    Operand<T> b = w.read(add.inner());
    return Py.addV2(add.op(), x, b);
  }
}

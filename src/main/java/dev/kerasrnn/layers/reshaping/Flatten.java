package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Flatten()} (channels_last): one Reshape to (batch, product of the other
 * dimensions), as both eras emit with a constant shape; the mask is dropped.
 */
public final class Flatten extends ShapeLayer {
  public Flatten(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Flatten(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 1, Integer.MAX_VALUE);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(new long[] {s[0], CoreOps.product(s, 1, s.length)});
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    long[] s = CoreOps.shape(x);
    long rest = CoreOps.product(s, 1, s.length);
    if (rest < 0) {
      throw new dev.kerasrnn.core.InvalidInputException(name(), "static non-batch dimensions",
          java.util.Arrays.toString(s));
    }
    if (Py.tracing(tf) && era() == KerasEra.KERAS_3) {
      // ops.reshape(inputs, compute_output_shape(...)): the static shape as Reshape/shape.
      Py.OpScope r = Py.op(tf, "Reshape");
      return r.op().reshape(x, PyConst.vector(r.inner().withName("shape"),
          Math.toIntExact(s[0]), Math.toIntExact(rest)));
    }
    return CoreOps.reshape(tf, x, -1, rest);
  }
}

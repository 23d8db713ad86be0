package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Reshape(target_shape)}: Reshape to (batch, *target_shape), the batch taken
 * from the input's shape (Shape, StridedSlice, Pack, as both eras emit); one entry may be -1. The
 * mask is dropped.
 */
public final class Reshape extends ShapeLayer {
  private final long[] targetShape;

  public Reshape(String name, long[] targetShape, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    long unknown = Arrays.stream(targetShape).filter(d -> d == -1).count();
    if (unknown > 1 || Arrays.stream(targetShape).anyMatch(d -> d == 0 || d < -1)) {
      throw new IllegalArgumentException("layer '" + name + "': target_shape must hold positive"
          + " sizes and at most one -1, given " + Arrays.toString(targetShape));
    }
    this.targetShape = targetShape.clone();
  }

  public Reshape(String name, long[] targetShape, KerasEra era) {
    this(name, targetShape, DTypePolicy.FLOAT32, era);
  }

  public long[] targetShape() {
    return targetShape.clone();
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] out = new long[targetShape.length + 1];
    out[0] = s[0];
    System.arraycopy(targetShape, 0, out, 1, targetShape.length);
    long known = CoreOps.product(s, 1, s.length);
    long fixed = 1;
    int free = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        free = i;
      } else {
        fixed *= targetShape[i];
      }
    }
    if (free >= 0 && known >= 0) {
      out[free + 1] = known / fixed;
    }
    if (known >= 0 && free < 0 && known != fixed || free >= 0 && known >= 0 && known % fixed != 0) {
      throw new InvalidInputException(name(), "an input whose size fits target_shape "
          + Arrays.toString(targetShape), "shape " + Arrays.toString(s));
    }
    return List.of(out);
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (Py.tracing(tf) && era() == KerasEra.KERAS_3) {
      // ops.reshape(inputs, (ops.shape(inputs)[0],) + resolved target): a Shape constant, then
      // the static shape as Reshape/shape.
      long[] in = CoreOps.shape(x);
      PyConst.vector(Py.named(tf, "Shape"), BackendOps.staticShape(x));
      long[] out = outputShapes(List.of(in)).get(0);
      int[] dims = new int[out.length];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = Math.toIntExact(out[i]);
      }
      Py.OpScope r = Py.op(tf, "Reshape");
      return r.op().reshape(x, PyConst.vector(r.inner().withName("shape"), dims));
    }
    return CoreOps.reshapeKeepBatch(tf, x, targetShape);
  }
}

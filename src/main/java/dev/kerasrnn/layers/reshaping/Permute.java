package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Permute(dims)}: one Transpose with perm {@code (0, *dims)} (dims count from
 * 1, the batch axis stays). The mask is dropped.
 */
public final class Permute extends ShapeLayer {
  private final int[] dims;

  public Permute(String name, int[] dims, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    int[] sorted = dims.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != i + 1) {
        throw new IllegalArgumentException("layer '" + name + "': dims must be a permutation of 1.."
            + dims.length + ", given " + Arrays.toString(dims));
      }
    }
    this.dims = dims.clone();
  }

  public Permute(String name, int[] dims, KerasEra era) {
    this(name, dims, DTypePolicy.FLOAT32, era);
  }

  public int[] dims() {
    return dims.clone();
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    if (shapes.get(0).length != dims.length + 1) {
      throw new InvalidInputException(name(), "rank " + (dims.length + 1) + " input for dims "
          + Arrays.toString(dims), "shape " + Arrays.toString(shapes.get(0)));
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] out = new long[s.length];
    out[0] = s[0];
    for (int i = 0; i < dims.length; i++) {
      out[i + 1] = s[dims[i]];
    }
    return List.of(out);
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    int[] perm = new int[dims.length + 1];
    System.arraycopy(dims, 0, perm, 1, dims.length);
    // ops.transpose(inputs, (0,) + dims): Transpose with transpose/perm.
    Py.OpScope t = Py.op(tf, "transpose");
    return t.op().linalg.transpose(x, PyConst.vector(t.inner().withName("perm"), perm));
  }
}

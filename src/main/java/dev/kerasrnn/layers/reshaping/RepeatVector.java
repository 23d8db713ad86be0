package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.RepeatVector(n)}: (batch, features) to (batch, n, features) by ExpandDims
 * and Tile (tf-keras's ops; Keras 3's {@code ops.repeat} reshapes and tiles too, moving the same
 * values). The mask is dropped.
 */
public final class RepeatVector extends ShapeLayer {
  private final int n;

  public RepeatVector(String name, int n, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (n <= 0) {
      throw new IllegalArgumentException("layer '" + name + "': n must be positive, given " + n);
    }
    this.n = n;
  }

  public RepeatVector(String name, int n, KerasEra era) {
    this(name, n, DTypePolicy.FLOAT32, era);
  }

  public int n() {
    return n;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 2, 2);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(new long[] {s[0], n, s[1]});
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    return tf.tile(tf.expandDims(x, tf.constant(1)), tf.constant(new int[] {1, n, 1}));
  }
}

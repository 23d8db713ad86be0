package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/** Keras's global 1-D pooling over the time axis (channels_last); the mask is consumed. */
abstract class GlobalPooling1D extends CoreLayer {
  private final boolean keepdims;

  GlobalPooling1D(String name, boolean keepdims, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.keepdims = keepdims;
  }

  public boolean keepdims() {
    return keepdims;
  }

  /** The pooled (batch, [1,] channels) output. */
  abstract <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x, Operand<TBool> mask);

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 3, 3);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(keepdims ? new long[] {s[0], 1, s[2]} : new long[] {s[0], s[2]});
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    return Outputs.of(pool(tf, input(tf, inputs, 0), firstMask(masks)));
  }
}

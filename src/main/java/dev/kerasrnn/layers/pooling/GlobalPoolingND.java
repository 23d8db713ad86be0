package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's global 2-D / 3-D pooling ({@code BaseGlobalPooling} in Keras 3, {@code
 * GlobalPooling2D/3D} in tf-keras): one reduction over every spatial axis at once ({@code [1, 2]}
 * / {@code [1, 2, 3]} channels_last, {@code [2, 3]} / {@code [2, 3, 4]} channels_first), with
 * {@code keepdims}. Neither era's call takes a mask; the mask is dropped. Not rebuilt in
 * predict() traces.
 */
abstract class GlobalPoolingND extends CoreLayer {
  private final int rank;
  private final boolean keepdims;
  private final boolean channelsFirst;

  GlobalPoolingND(String name, int rank, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (rank != 2 && rank != 3) {
      throw new IllegalArgumentException("global pooling of rank " + rank);
    }
    this.rank = rank;
    this.keepdims = keepdims;
    this.channelsFirst = channelsFirst;
  }

  public boolean keepdims() {
    return keepdims;
  }

  /** data_format channels_first (true) or channels_last. */
  public boolean channelsFirst() {
    return channelsFirst;
  }

  /** The reduced axes, as Keras lists them. */
  final int[] axes() {
    int[] a = new int[rank];
    for (int i = 0; i < rank; i++) {
      a[i] = (channelsFirst ? 2 : 1) + i;
    }
    return a;
  }

  /** The pooled output. */
  abstract <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x);

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), rank + 2, rank + 2);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long channels = channelsFirst ? s[1] : s[rank + 1];
    if (!keepdims) {
      return List.of(new long[] {s[0], channels});
    }
    long[] out = new long[rank + 2];
    java.util.Arrays.fill(out, 1);
    out[0] = s[0];
    out[channelsFirst ? 1 : rank + 1] = channels;
    return List.of(out);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), kerasClassName() + " layers");
    }
    return Outputs.of(pool(tf, input(tf, inputs, 0)));
  }
}

package dev.kerasrnn.layers.rnn;

/**
 * How a graph runs a recurrent layer's time steps: unrolled (one cell step per time step in the
 * graph) for sequences of at most {@code maxUnrolledSteps} known steps, a TensorFlow while loop
 * for longer ones and for sequences whose length is only known when the graph runs. Both compute
 * the same bits (the same ops on the same shapes); unrolled graphs run faster per step, while
 * loops build in constant time and accept any length. Eager execution always steps op by op.
 *
 * <p>Keras's {@code unroll=True} on a layer forces unrolling whatever the policy, as in Keras;
 * with Keras's default {@code unroll=False} this policy decides (Keras itself always uses a while
 * loop then).
 *
 * @param maxUnrolledSteps the longest known length that is unrolled; 0 for always a while loop
 */
public record TimeLoop(int maxUnrolledSteps) {
  /**
   * Unrolled up to 100 steps, a while loop beyond: BENCHMARKS.md ("Unrolled graph or while loop")
   * has the measurements behind the choice.
   */
  public static final TimeLoop DEFAULT = new TimeLoop(100);
  /** Always unrolled; an unknown length is an error. */
  public static final TimeLoop UNROLLED = new TimeLoop(Integer.MAX_VALUE);
  /** Always a while loop (unless the layer says {@code unroll=True}). */
  public static final TimeLoop WHILE = new TimeLoop(0);

  public TimeLoop {
    if (maxUnrolledSteps < 0) {
      throw new IllegalArgumentException("maxUnrolledSteps must be >= 0, given "
          + maxUnrolledSteps);
    }
  }

  /**
   * Whether a layer with Keras's {@code unroll} flag unrolls {@code steps} (&lt; 0: unknown). An
   * unknown length that must be unrolled is refused by the layer, as Keras refuses it.
   */
  public boolean unrolls(long steps, boolean unroll) {
    if (unroll || maxUnrolledSteps == Integer.MAX_VALUE) {
      return true;
    }
    return steps >= 0 && steps <= maxUnrolledSteps;
  }
}

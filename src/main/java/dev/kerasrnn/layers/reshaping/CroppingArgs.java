package dev.kerasrnn.layers.reshaping;

import java.util.Arrays;

/** Checks of the ((a, b), (c, d)) arguments of the 2-D padding and cropping layers. */
final class CroppingArgs {
  private CroppingArgs() {}

  static int[][] check(String layer, String key, int[][] v) {
    if (v.length != 2 || v[0].length != 2 || v[1].length != 2
        || Arrays.stream(v).flatMapToInt(Arrays::stream).anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException("layer '" + layer + "': " + key + " must be two pairs"
          + " of non-negative integers, given " + Arrays.deepToString(v));
    }
    return new int[][] {v[0].clone(), v[1].clone()};
  }
}

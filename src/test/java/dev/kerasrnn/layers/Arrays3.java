package dev.kerasrnn.layers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.Random;

/** Test helpers for float32 (batch, time, features) arrays. */
final class Arrays3 {
  private Arrays3() {}

  static HostArray random(long seed, long... shape) {
    Random r = new Random(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return HostArray.of(DType.FLOAT32, shape, v);
  }

  /** Time steps [from, to) of a (batch, time, ...) array. */
  static HostArray timeSlice(HostArray a, int from, int to) {
    long[] s = a.shape();
    int inner = 1;
    for (int i = 2; i < s.length; i++) {
      inner *= (int) s[i];
    }
    double[] src = a.toDoubleArray();
    double[] out = new double[(int) (s[0] * (to - from) * inner)];
    int k = 0;
    for (int b = 0; b < s[0]; b++) {
      for (int t = from; t < to; t++) {
        for (int i = 0; i < inner; i++) {
          out[k++] = src[(int) ((b * s[1] + t) * inner + i)];
        }
      }
    }
    long[] shape = s.clone();
    shape[1] = to - from;
    return HostArray.of(a.dtype(), shape, out);
  }

  /** Row b of a (batch, ...) array, keeping a batch axis of 1. */
  static HostArray row(HostArray a, int b) {
    long[] s = a.shape();
    int inner = (int) (a.size() / s[0]);
    double[] src = a.toDoubleArray();
    double[] out = new double[inner];
    System.arraycopy(src, b * inner, out, 0, inner);
    s[0] = 1;
    return HostArray.of(a.dtype(), s, out);
  }

  /** Last axis [from, to) of an array. */
  static HostArray lastAxis(HostArray a, int from, int to) {
    long[] s = a.shape();
    int last = (int) s[s.length - 1];
    double[] src = a.toDoubleArray();
    int rows = (int) (a.size() / last);
    double[] out = new double[rows * (to - from)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, r * last + from, out, r * (to - from), to - from);
    }
    s[s.length - 1] = to - from;
    return HostArray.of(a.dtype(), s, out);
  }

  /** Reverses the time axis of a (batch, time, units) array. */
  static HostArray reverseTime(HostArray a) {
    long[] s = a.shape();
    double[] src = a.toDoubleArray();
    double[] out = new double[src.length];
    int inner = (int) s[2];
    for (int b = 0; b < s[0]; b++) {
      for (int t = 0; t < s[1]; t++) {
        System.arraycopy(src, (int) ((b * s[1] + t) * inner), out,
            (int) ((b * s[1] + (s[1] - 1 - t)) * inner), inner);
      }
    }
    return HostArray.of(a.dtype(), s, out);
  }

  /** Time step t of a (batch, time, units) array as (batch, units). */
  static HostArray step(HostArray a, int t) {
    HostArray s = timeSlice(a, t, t + 1);
    long[] shape = a.shape();
    return HostArray.of(a.dtype(), new long[] {shape[0], shape[2]}, s.toDoubleArray());
  }
}

package dev.kerasrnn.core;

/**
 * Exact conversions between doubles and the bits of the two-byte float types, with the rounding
 * each Python path uses (all round to nearest, ties to even):
 *
 * <ul>
 *   <li>{@link #float16Bits(double)}: directly from the double, as NumPy's {@code
 *       astype(np.float16)} and a float16 constant traced into a {@code tf.function} graph;
 *   <li>{@link #float16BitsViaFloat(double)}: double → float32 → float16, as an eager {@code
 *       tf.constant(v, tf.float16)} (so {@code 1 - z} in an eager Keras call) and the {@code
 *       Cast} op from float64;
 *   <li>{@link #bfloat16Bits(double)}: double → float32 → bfloat16, as {@code ml_dtypes}, eager
 *       {@code tf.constant} and traced constants alike (Eigen's {@code float_to_bfloat16_rtne}).
 * </ul>
 *
 * The two differ only when the double lies within 2^-29 relative of a half-way point, e.g.
 * {@code 1 + 2^-11 + 2^-40}: float16 {@code 0x3C01} directly, {@code 0x3C00} via float32.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** float16 bits as an unsigned 16-bit value, rounded directly from {@code v}. */
  public static int float16Bits(double v) {
    long raw = Double.doubleToRawLongBits(v);
    int sign = (int) (raw >>> 48) & 0x8000;
    double a = Math.abs(v);
    if (Double.isNaN(v)) {
      return sign | 0x7E00;
    }
    if (a >= 65520.0) { // half-way between 65504 (max) and 65536 rounds to even: infinity
      return sign | 0x7C00;
    }
    if (a < 0x1p-14) { // subnormal (or zero): units of 2^-24; 1024 units is the smallest normal
      return sign | (int) Math.rint(a * 0x1p24);
    }
    int e = Math.getExponent(a);
    int m = (int) Math.rint(Math.scalb(a, 10 - e)); // exact scaling, then ties-to-even: [1024, 2048]
    return sign | (((e + 15) << 10) + (m - 1024)); // m == 2048 carries into the exponent
  }

  /** float16 bits of {@code v} rounded to float32 first (double rounding, as TensorFlow does). */
  public static int float16BitsViaFloat(double v) {
    return float16Bits((float) v);
  }

  /** bfloat16 bits as an unsigned 16-bit value: {@code v} rounded to float32, then to bfloat16. */
  public static int bfloat16Bits(double v) {
    return bfloat16Bits((float) v);
  }

  /** bfloat16 bits of a float32, as Eigen's {@code float_to_bfloat16_rtne}. */
  public static int bfloat16Bits(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (bits >>> 16 & 0x8000) | 0x7FC0;
    }
    int lsb = (bits >>> 16) & 1;
    return (int) (((bits & 0xFFFFFFFFL) + 0x7FFF + lsb) >>> 16) & 0xFFFF;
  }

  /** The exact value of float16 bits. */
  public static double float16ToDouble(int bits) {
    int sign = (bits & 0x8000) != 0 ? -1 : 1;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (exp == 0) {
      return sign * Math.scalb((double) mant, -24);
    }
    return sign * Math.scalb((double) (mant | 0x400), exp - 25);
  }

  /** The exact value of bfloat16 bits. */
  public static double bfloat16ToDouble(int bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }
}

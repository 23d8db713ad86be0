package dev.kerasrnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.types.family.TFloating;

/**
 * float16 / bfloat16 conversions: every bit pattern round-trips exactly, and rounding matches
 * NumPy ({@code astype(np.float16)}), TensorFlow's eager constants and {@code ml_dtypes}
 * (expected bits recorded with NumPy 2.0.2, ml_dtypes 0.4.1, TensorFlow 2.18.0).
 */
class HalfFloatsTest {

  @Test
  void everyFloat16PatternRoundTrips() {
    for (int b = 0; b < 0x10000; b++) {
      double v = HalfFloats.float16ToDouble(b);
      if (Double.isNaN(v)) {
        assertEquals(0x7C00, b & 0x7C00, "NaN only with exponent all ones: " + b);
        continue;
      }
      assertEquals(b, HalfFloats.float16Bits(v), "pattern " + Integer.toHexString(b));
      assertEquals(b, HalfFloats.float16BitsViaFloat(v), "pattern " + Integer.toHexString(b));
    }
  }

  @Test
  void everyBfloat16PatternRoundTrips() {
    for (int b = 0; b < 0x10000; b++) {
      double v = HalfFloats.bfloat16ToDouble(b);
      if (!Double.isNaN(v)) {
        assertEquals(b, HalfFloats.bfloat16Bits(v), "pattern " + Integer.toHexString(b));
      }
    }
  }

  @Test
  void float16KnownValues() {
    assertEquals(0x3C00, HalfFloats.float16Bits(1.0));
    assertEquals(0x3555, HalfFloats.float16Bits(1.0 / 3));
    assertEquals(0x3266, HalfFloats.float16Bits(0.2));
    assertEquals(0x8000, HalfFloats.float16Bits(-0.0));
    assertEquals(0x7BFF, HalfFloats.float16Bits(65519.99)); // below the half-way point: max
    assertEquals(0x7C00, HalfFloats.float16Bits(65520.0)); // half-way: ties to even = infinity
    assertEquals(0xFC00, HalfFloats.float16Bits(Double.NEGATIVE_INFINITY));
    assertEquals(0x7E00, HalfFloats.float16Bits(Double.NaN));
    assertEquals(0x0001, HalfFloats.float16Bits(0x1p-24)); // smallest subnormal
    assertEquals(0x0000, HalfFloats.float16Bits(0x1p-25)); // half of it: ties to even = 0
    assertEquals(0x0001, HalfFloats.float16Bits(0x1.0000002p-25));
    assertEquals(0x0002, HalfFloats.float16Bits(0x3p-25)); // 1.5 units: to even
    assertEquals(0x0400, HalfFloats.float16Bits(0x1.ffep-15)); // rounds up into the normals
    assertEquals(0x3C00, HalfFloats.float16Bits(1 + 0x1p-11)); // tie: to even
    assertEquals(0x3C02, HalfFloats.float16Bits(1 + 0x3p-11)); // tie: to even (up)
  }

  /** NumPy rounds the double once; TensorFlow's eager constant and Cast go through float32. */
  @Test
  void doubleRoundingDiffersOnlyNearTies() {
    double v = 1 + 0x1p-11 + 0x1p-40;
    assertEquals(15361, HalfFloats.float16Bits(v)); // np.array(v, np.float16)
    assertEquals(15360, HalfFloats.float16BitsViaFloat(v)); // tf.constant(v, tf.float16), eager
    assertEquals(15361, HalfFloats.float16BitsViaFloat(1 + 0x1p-11 + 0x1p-20));
    assertEquals(16256, HalfFloats.bfloat16Bits(1 + 0x1p-8 + 0x1p-40)); // ml_dtypes, TF alike
    assertEquals(16257, HalfFloats.bfloat16Bits(1 + 0x1p-8 + 0x1p-20));
  }

  @Test
  void bfloat16KnownValues() {
    assertEquals(0x3F80, HalfFloats.bfloat16Bits(1.0));
    assertEquals(16256, HalfFloats.bfloat16Bits(1 + 0x1p-8)); // tie: to even (down)
    assertEquals(16258, HalfFloats.bfloat16Bits(1 + 0x3p-8)); // tie: to even (up)
    assertEquals(0x7F7F, HalfFloats.bfloat16Bits(3.3895313892515355e38)); // max bfloat16
    assertEquals(0x7FC0, HalfFloats.bfloat16Bits(Float.NaN));
    assertEquals(0xFFC0, HalfFloats.bfloat16Bits(Float.intBitsToFloat(0xFFC00001)));
    assertEquals(0x8000, HalfFloats.bfloat16Bits(-0.0));
  }

  @Test
  void hostArraysOfHalfTypesKeepTheirBits() {
    HostArray h = HostArray.of(DType.FLOAT16, new long[] {2, 2}, 1.0, -2.5, 0.2, 65504);
    assertEquals(DType.FLOAT16, h.dtype());
    assertArrayEquals(new double[] {1.0, -2.5, 0.199951171875, 65504}, h.toDoubleArray());
    assertEquals(0x3266L, h.getBits(2));
    HostArray b = HostArray.ofHalfBits(DType.BFLOAT16, new long[] {3}, 0x3F80, 0xC020, 0x0001);
    assertArrayEquals(new double[] {1.0, -2.5, 0x1p-133}, b.toDoubleArray());
    assertEquals(0xC020L, b.getBits(1));
    assertEquals(6, b.bytes().length);
  }

  @Test
  void halfTensorsRoundTripThroughTensorFlow() {
    for (DType d : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
      HostArray a = HostArray.of(d, new long[] {2, 3}, 1, -0.0, 3.14159, 1e-6, -7.5e3, 0.1);
      try (TFloating t = a.toTensor()) {
        assertEquals(d.dataType(), t.dataType());
        assertEquals(a, HostArray.fromTensor(t));
      }
    }
  }

  @Test
  void dtypeNames() {
    assertEquals(DType.FLOAT16, DType.fromKerasName("float16"));
    assertEquals(DType.BFLOAT16, DType.fromKerasName("bfloat16"));
    assertTrue(DType.FLOAT16.isHalf() && DType.BFLOAT16.isHalf() && !DType.FLOAT32.isHalf());
  }
}

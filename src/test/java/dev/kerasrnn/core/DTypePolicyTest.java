package dev.kerasrnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keras's {@code DTypePolicy._parse_name}: mixed names and plain dtype names. */
class DTypePolicyTest {
  @Test
  void mixedPoliciesKeepFloat32Variables() {
    DTypePolicy p = DTypePolicy.of("mixed_float16");
    assertEquals(new DTypePolicy("mixed_float16", DType.FLOAT32, DType.FLOAT16), p);
    assertTrue(p.isMixed());
    DTypePolicy b = DTypePolicy.of("mixed_bfloat16");
    assertEquals(DType.FLOAT32, b.variableDtype());
    assertEquals(DType.BFLOAT16, b.computeDtype());
  }

  @Test
  void plainNamesUseOneDtype() {
    for (DType d : DType.values()) {
      DTypePolicy p = DTypePolicy.of(d.kerasName());
      assertEquals(d, p.variableDtype());
      assertEquals(d, p.computeDtype());
      assertFalse(p.isMixed());
      assertEquals(DTypePolicy.of(d), p);
    }
  }

  @Test
  void unknownNamesAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DTypePolicy.of("int8_from_float32"));
    assertTrue(e.getMessage().contains("int8_from_float32"), e.getMessage());
    assertTrue(e.getMessage().contains("mixed_float16"), e.getMessage());
  }
}

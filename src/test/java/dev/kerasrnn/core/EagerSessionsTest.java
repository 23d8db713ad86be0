package dev.kerasrnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Why the library's eager ops run directly: in TensorFlow 2.18's op-as-function mode (TF
 * Python's default) a Const op's function is reused for a later constant of the same shape and
 * the same first three values. The library's sessions get every constant right.
 */
class EagerSessionsTest {
  /** Two [4] constants differing only at index 3, in one session: their values. */
  private static float[][] twoConstants(EagerSession s) {
    Ops tf = Ops.create(s);
    float[] a = {0f, 0f, 0f, 0f};
    float[] b = {0f, 0f, 0f, 5f};
    try (TFloat32 x = tf.constant(a).asTensor(); TFloat32 y = tf.constant(b).asTensor()) {
      return new float[][] {read(x), read(y)};
    }
  }

  private static float[] read(TFloat32 t) {
    float[] v = new float[(int) t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.getFloat(i);
    }
    return v;
  }

  @Test
  void theLibrarysSessionsGetEveryConstantRight() {
    try (EagerSession s = EagerSessions.open()) {
      float[][] v = twoConstants(s);
      assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, v[0]);
      assertArrayEquals(new float[] {0f, 0f, 0f, 5f}, v[1]);
    }
  }

  /** The TensorFlow behaviour the class comment describes (Java 17: the foreign linker). */
  @Test
  void opsAsFunctionsReuseAConstantOfTheSameShapeAndFirstValues() {
    try (EagerSession s = EagerSessions.openRunningOpsAsFunctions()) {
      if (Runtime.version().feature() != 17) {
        assertNotNull(EagerSessions.reason(), "only Java 17 has jdk.incubator.foreign");
        return;
      }
      assertNotNull(s, EagerSessions.reason());
      float[][] v = twoConstants(s);
      assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, v[1],
          "TensorFlow no longer reuses the Const function: reconsider running ops as functions");
    }
  }

  @Test
  void sessionsOpenAndRunOps() {
    try (EagerSession s = EagerSessions.open()) {
      Ops tf = Ops.create(s);
      try (TFloat32 t = tf.math.add(tf.constant(1.5f), tf.constant(2f)).asTensor()) {
        assertEquals(3.5f, t.getFloat());
      }
    }
  }
}

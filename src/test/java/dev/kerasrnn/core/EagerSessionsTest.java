package dev.kerasrnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The build starts test JVMs as the launcher starts the command (foreign linker enabled), so eager
 * ops run as one-op functions, as TF Python runs them.
 */
class EagerSessionsTest {
  @Test
  void eagerOpsRunAsFunctionsInTheBuildsJvms() {
    if (Runtime.version().feature() == 17) {
      assertTrue(EagerSessions.opsRunAsFunctions(), EagerSessions.reason());
      assertNull(EagerSessions.reason());
    } else {
      // Only Java 17 has jdk.incubator.foreign: elsewhere ops run directly, and say why.
      assertFalse(EagerSessions.opsRunAsFunctions());
      assertNotNull(EagerSessions.reason());
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

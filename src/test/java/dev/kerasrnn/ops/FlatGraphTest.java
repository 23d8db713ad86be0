package dev.kerasrnn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.types.TFloat32;

class FlatGraphTest {
  @Test
  void namesAreUniqueAcrossScopesLiteralSuffixesAndDefaults() {
    try (Graph g = new Graph()) {
      Ops tf = FlatGraph.ops(g);
      // TF Java's own naming: "stack", a literal "stack_1", then "stack" again must not reuse it.
      assertEquals("stack", tf.withName("stack").constant(1f).op().name());
      assertEquals("stack_1", tf.withName("stack_1").constant(2f).op().name());
      assertEquals("stack_2", tf.withName("stack").constant(3f).op().name());
      Ops a = tf.withSubScope("split");
      Ops b = tf.withSubScope("split");
      assertEquals("split/x", a.withName("x").constant(1f).op().name());
      assertEquals("split_1/x", b.withName("x").constant(1f).op().name());
      assertEquals("split/x_1", a.withName("x").constant(1f).op().name());
      assertEquals("Const", tf.constant(0f).op().name());
      assertEquals("Const_1", tf.constant(0f).op().name());
      Set<String> names = new HashSet<>();
      for (var it = g.operations(); it.hasNext(); ) {
        assertTrue(names.add(it.next().name()));
      }
      assertEquals(8, names.size());
    }
  }

  @Test
  void controlDependenciesDevicesAndSessionsWorkAsInTfJava() {
    try (Graph g = new Graph()) {
      Ops tf = FlatGraph.ops(g);
      Constant<TFloat32> first = tf.constant(2f);
      Ops after = tf.withControlDependencies(List.of(first));
      Constant<TFloat32> second = after.withName("second").constant(3f);
      GraphOperation op = (GraphOperation) second.op();
      assertEquals(1, op.numControlInputs());
      assertEquals("/device:CPU:0", ((GraphOperation) tf.withDevice(
          org.tensorflow.DeviceSpec.newBuilder().deviceType(org.tensorflow.DeviceSpec.DeviceType.CPU)
              .deviceIndex(0).build()).constant(1f).op()).device());
      try (Session s = new Session(g);
          TFloat32 y = (TFloat32) s.runner().fetch(tf.math.mul(first, second)).run().get(0)) {
        assertEquals(6f, y.getFloat());
      }
      assertSame(g, FlatGraph.graphOf(tf));
      assertSame(g, FlatGraph.graphOf(tf.withSubScope("inner")));
    }
  }

  @Test
  void graphOfTellsGraphsFromEagerExecution() {
    try (Graph g = new Graph(); EagerSession e = EagerSession.create()) {
      assertSame(g, FlatGraph.graphOf(Ops.create(g)));
      assertNull(FlatGraph.graphOf(Ops.create(e)));
      Ops.create(g).constant(1f);
      assertThrows(IllegalArgumentException.class, () -> FlatGraph.ops(g));
    }
  }
}

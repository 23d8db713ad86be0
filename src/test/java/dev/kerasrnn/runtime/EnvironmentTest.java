package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void onednnFollowsTheVariableWhenTensorFlowCanReadItElseTheCpusDefault() {
    assertTrue(Environment.decide("1", false));
    assertTrue(Environment.decide(" TRUE ", false));
    assertFalse(Environment.decide("0", true));
    assertFalse(Environment.decide("false", true));
    assertTrue(Environment.decide(null, true));
    assertFalse(Environment.decide(null, false));
    assertTrue(Environment.decide("yes", true));  // unreadable: TensorFlow keeps its default
    assertFalse(Environment.decide("", false));
  }

  @Test
  void theCpusDefaultIsTensorFlowsRule() {
    assertTrue(new CpuInfo("x", Set.of("avx2", "avx512_vnni")).onednnByDefault());
    assertTrue(new CpuInfo("x", Set.of("amx_tile")).onednnByDefault());
    assertFalse(new CpuInfo("x", Set.of("avx2", "avx512f", "fma")).onednnByDefault());
  }

  @Test
  void theSessionConfigIsBuiltOnceAndTurnsGrapplerOff() {
    Environment.prepareInBackground();
    assertSame(Environment.sessionConfig(), Environment.sessionConfig());
    assertTrue(Environment.sessionConfig().getGraphOptions().getRewriteOptions()
        .getDisableMetaOptimizer());
    assertEquals(Environment.onednnEnabled(), Environment.onednnEnabled());
  }
}

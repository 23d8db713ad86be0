package dev.kerasrnn.fuzz;

import dev.kerasrnn.core.KerasRnnException;
import java.util.List;

/**
 * What every fuzz target checks: the code under test either succeeds or throws a {@link
 * KerasRnnException} whose message names where the problem is. Anything else (a jhdf or Jackson
 * exception, an {@link Error}, an {@link IllegalArgumentException}, ...) propagates unchanged, so
 * the fuzzer reports it as a finding with its own stack trace.
 */
final class Contract {
  private Contract() {}

  /** Code that may throw anything. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}; a typed failure passes if its message is non-blank and contains one of
   * {@code anyOf} (file names; empty for no requirement).
   *
   * @return whether {@code body} completed without an exception
   */
  static boolean typedOnly(List<String> anyOf, Body body) throws Exception {
    try {
      body.run();
      return true;
    } catch (KerasRnnException e) {
      String m = e.getMessage();
      if (m == null || m.isBlank()) {
        throw new AssertionError("typed failure without a message: " + e, e);
      }
      if (!anyOf.isEmpty() && anyOf.stream().noneMatch(m::contains)) {
        throw new AssertionError("typed failure names none of " + anyOf + ": " + m, e);
      }
      return false;
    }
  }
}

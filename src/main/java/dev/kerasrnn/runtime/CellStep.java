package dev.kerasrnn.runtime;

import dev.kerasrnn.core.HostArray;
import java.util.List;
import java.util.Objects;

/**
 * What one direct cell step returns on the host: Keras's {@code out, new_states = cell(x,
 * states)}, with {@code new_states} always a list ({@code [h]}, LSTM {@code [h, c]}), as Keras
 * returns it when the states were passed as a list.
 */
public record CellStep(HostArray output, List<HostArray> states) {
  public CellStep {
    Objects.requireNonNull(output, "output");
    states = List.copyOf(states);
  }

  /** Splits a {@link CellFunction}'s results {@code [output, state_0, ...]}. */
  public static CellStep of(List<HostArray> results) {
    return new CellStep(results.get(0), results.subList(1, results.size()));
  }
}

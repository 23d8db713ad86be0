package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import java.util.Objects;

/**
 * One weight array and the name the file gives it: a legacy {@code weight_names} entry such as
 * {@code lstm/lstm_cell/kernel:0}, or a Keras 3 variable path such as
 * {@code layers/lstm/cell/vars/0}.
 */
public record NamedWeight(String name, HostArray value) {
  public NamedWeight {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}

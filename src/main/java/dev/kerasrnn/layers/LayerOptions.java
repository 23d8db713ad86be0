package dev.kerasrnn.layers;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * Arguments every non-recurrent layer takes: {@code name}, {@code dtype} (a policy) and the Keras
 * era whose op sequence it follows.
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class LayerOptions<B extends LayerOptions<B>> {
  protected String name;
  protected DTypePolicy dtype = DTypePolicy.FLOAT32;
  protected KerasEra era = KerasEra.KERAS_3;

  protected LayerOptions(String defaultName) {
    this.name = defaultName;
  }

  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  public B name(String v) {
    name = v;
    return self();
  }

  public B dtype(DTypePolicy v) {
    dtype = v;
    return self();
  }

  /** The Keras version whose semantics apply. Default Keras 3. */
  public B era(KerasEra v) {
    era = v;
    return self();
  }

  /** The layer name given (null: the default). */
  public String name() {
    return name;
  }

  /** The dtype policy given. */
  public DTypePolicy dtype() {
    return dtype;
  }

  /** The Keras era given. */
  public KerasEra era() {
    return era;
  }
}

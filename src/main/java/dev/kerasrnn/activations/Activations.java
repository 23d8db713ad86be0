package dev.kerasrnn.activations;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The Keras built-in activations a recurrent layer can name, per Keras era. Equivalent of {@code
 * keras.activations.get(name)}: each one emits the op sequence of the Keras version it belongs to.
 */
public final class Activations {
  private Activations() {}

  /** One op-building function; generic over the float type. */
  private interface Body {
    <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x);
  }

  private static Activation of(String name, Body body) {
    return new Activation() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
        return body.apply(tf, x);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Identity; Keras maps {@code None} to it too. */
  public static final Activation LINEAR = of("linear", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return x;
    }
  });

  public static final Activation TANH = of("tanh", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.math.tanh(x);
    }
  });

  public static final Activation SIGMOID = of("sigmoid", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.math.sigmoid(x);
    }
  });

  public static final Activation RELU = of("relu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.relu(x);
    }
  });

  public static final Activation RELU6 = of("relu6", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.relu6(x);
    }
  });

  public static final Activation SOFTSIGN = of("softsign", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.softsign(x);
    }
  });

  public static final Activation SOFTPLUS = of("softplus", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.math.softplus(x);
    }
  });

  public static final Activation ELU = of("elu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.elu(x);
    }
  });

  public static final Activation SELU = of("selu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.selu(x);
    }
  });

  public static final Activation EXPONENTIAL = of("exponential", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.math.exp(x);
    }
  });

  /** Keras 3 {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. */
  public static final Activation HARD_SIGMOID_KERAS3 = of("hard_sigmoid", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      Operand<T> shifted = addV2(tf, x, scalarLike(tf, 3.0, x));
      return tf.math.realDiv(tf.nn.relu6(shifted), scalarLike(tf, 6.0, x));
    }
  });

  /** Keras 2 {@code hard_sigmoid}: {@code clip(0.2 x + 0.5, 0, 1)} as Mul, AddV2, Minimum, Maximum. */
  public static final Activation HARD_SIGMOID_KERAS2 = of("hard_sigmoid", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      Operand<T> y = addV2(tf, tf.math.mul(x, scalarLike(tf, 0.2, x)), scalarLike(tf, 0.5, x));
      Operand<T> upper = tf.math.minimum(y, scalarLike(tf, 1.0, x));
      return tf.math.maximum(upper, scalarLike(tf, 0.0, x));
    }
  });

  private static final Map<String, Activation> COMMON = table(
      LINEAR, TANH, SIGMOID, RELU, RELU6, SOFTSIGN, SOFTPLUS, ELU, SELU, EXPONENTIAL);

  private static Map<String, Activation> table(Activation... acts) {
    Map<String, Activation> m = new LinkedHashMap<>();
    for (Activation a : acts) {
      m.put(a.name(), a);
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The activation Keras of the given era resolves {@code name} to ({@code null} means linear).
   *
   * @throws ConfigException if that Keras has no built-in of that name
   */
  public static Activation get(String name, KerasEra era) {
    if (name == null) {
      return LINEAR;
    }
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("hard_sigmoid")) {
      return era == KerasEra.KERAS_3 ? HARD_SIGMOID_KERAS3 : HARD_SIGMOID_KERAS2;
    }
    Activation a = COMMON.get(key);
    if (a == null) {
      throw new ConfigException(
          "unknown activation '" + name + "' for " + era + "; known: " + names(era));
    }
    return a;
  }

  /** The names {@link #get} accepts for an era. */
  public static Set<String> names(KerasEra era) {
    Set<String> s = new java.util.TreeSet<>(COMMON.keySet());
    s.add("hard_sigmoid");
    return s;
  }
}

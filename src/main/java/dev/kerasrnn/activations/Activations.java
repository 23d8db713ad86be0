package dev.kerasrnn.activations;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
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
      return hardSigmoid3(tf, x);
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

  /** {@code relu6(x + 3) / 6} as Keras 3 emits it: RealDiv(Relu6(AddV2(x, 3)), 6). */
  private static <T extends TFloating> Operand<T> hardSigmoid3(Ops tf, Operand<T> x) {
    Operand<T> shifted = Py.add(tf, x, scalarLike(tf, 3.0, x));
    Operand<T> clipped = tf.nn.relu6(shifted);
    return Py.named(tf, "truediv").math.realDiv(clipped, scalarLike(tf, 6.0, x));
  }

  /** Keras 3 {@code hard_silu} / {@code hard_swish}: {@code x * hard_sigmoid(x)}. */
  public static final Activation HARD_SILU = of("hard_silu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return Py.mul(tf, x, hardSigmoid3(tf, x));
    }
  });

  /**
   * {@code gelu} (exact, the string's default): {@code 0.5x * (1 + erf(x / sqrt2))} with sqrt2
   * rounded to float32 first, as {@code tf.nn.gelu} does even for float64.
   */
  public static final Activation GELU = of("gelu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      Ops g = Py.scope(tf, "Gelu");
      Py.OpScope mul = Py.op(g, "mul");
      Operand<T> half = mul.op().math.mul(scalarLike(mul.inner().withName("x"), 0.5, x), x);
      Py.OpScope cast = Py.op(g, "Cast");
      Operand<TFloat32> root = PyConst.filled(cast.inner().withName("x"), Math.sqrt(2.0),
          new long[0], TFloat32.class);
      Operand<T> sqrt2 = KOps.castTo(cast.op(), root, DType.of(x.type()));
      Operand<T> ratio = Py.named(g, "truediv").math.realDiv(x, sqrt2);
      Operand<T> erf = g.math.erf(ratio);
      Py.OpScope add = Py.op(g, "add");
      Operand<T> sum = Py.addV2(add.op(), scalarLike(add.inner().withName("x"), 1.0, x), erf);
      return Py.mul(g, half, sum);
    }
  });

  /** {@code silu} / {@code swish}: {@code x * sigmoid(1.0 * x)}, beta a float32 1.0 cast to x's type. */
  public static final Activation SILU = of("silu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      Operand<TFloat32> one = PyConst.filled(Py.named(tf, "beta"), 1.0, new long[0],
          TFloat32.class);
      Operand<T> beta = KOps.castTo(Py.named(tf, "Cast"), one, DType.of(x.type()));
      Operand<T> y = Py.mul(tf, x, tf.math.sigmoid(Py.mul(tf, beta, x)));
      return Py.customGradient(tf, y, x, beta);
    }
  });

  /** {@code leaky_relu}: the LeakyRelu op, alpha a float attr of 0.2 (so 0.2f for float64 too). */
  public static final Activation LEAKY_RELU = of("leaky_relu", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.leakyRelu(x, org.tensorflow.op.nn.LeakyRelu.alpha(0.2f));
    }
  });

  /** {@code mish}: {@code x * tanh(softplus(x))}. */
  public static final Activation MISH = of("mish", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return Py.mul(tf, x, tf.math.tanh(tf.math.softplus(x)));
    }
  });

  public static final Activation SOFTMAX = of("softmax", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.softmax(x);
    }
  });

  public static final Activation LOG_SOFTMAX = of("log_softmax", new Body() {
    @Override
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
      return tf.nn.logSoftmax(x);
    }
  });

  /** Names both eras accept, minus hard_sigmoid (era-specific). */
  private static final Map<String, Activation> COMMON = table(LINEAR, TANH, SIGMOID, RELU, RELU6,
      SOFTSIGN, SOFTPLUS, ELU, SELU, EXPONENTIAL, GELU, SILU, LEAKY_RELU, MISH, SOFTMAX,
      LOG_SOFTMAX);

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
    String key = name;
    if (key.equals("hard_sigmoid")) {
      return era == KerasEra.KERAS_3 ? HARD_SIGMOID_KERAS3 : HARD_SIGMOID_KERAS2;
    }
    if (key.equals("swish")) {
      return SILU;
    }
    if (era == KerasEra.KERAS_3 && (key.equals("hard_silu") || key.equals("hard_swish"))) {
      return HARD_SILU;
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
    s.add("swish");
    if (era == KerasEra.KERAS_3) {
      s.add("hard_silu");
      s.add("hard_swish");
    }
    return s;
  }
}

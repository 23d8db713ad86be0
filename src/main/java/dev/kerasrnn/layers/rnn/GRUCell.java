package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Gated Recurrent Unit cell; {@code keras.layers.GRUCell}. Gates are laid out [z, r, h]. With
 * {@code resetAfter} (default, the cuDNN-compatible variant) the bias has shape (2, 3·units): row
 * 0 for inputs, row 1 for the recurrent product, and the reset gate multiplies {@code h·R_h}; without
 * it the bias is (3·units) and the reset gate multiplies {@code h} before {@code ·R_h}.
 */
public final class GRUCell extends GatedCell {
  private final boolean resetAfter;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  /** Keras defaults: tanh / sigmoid, use_bias, reset_after, implementation 2. */
  public GRUCell(int units) {
    this(builder(units));
  }

  private GRUCell(Builder b) {
    super(b, b.implementation);
    this.resetAfter = b.resetAfter;
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link GRUCell}. */
  public static final class Builder extends CellOptions<Builder> {
    boolean resetAfter = true;
    int implementation = 2;

    Builder(int units) {
      super(units, "gru_cell");
    }

    /** Apply the reset gate after the recurrent product. Default true. */
    public Builder resetAfter(boolean v) {
      resetAfter = v;
      return this;
    }

    /** 1: per-gate products; 2: one product per input (default). */
    public Builder implementation(int v) {
      implementation = checkImplementation(v);
      return this;
    }

    public GRUCell build() {
      return new GRUCell(this);
    }
  }

  public boolean resetAfter() {
    return resetAfter;
  }

  @Override
  public List<Integer> stateSize() {
    return List.of(units);
  }

  @Override
  protected void createWeights(long features) {
    kernel = addWeight("kernel", kernelInitializer, features, 3L * units);
    recurrentKernel = addWeight("recurrent_kernel", recurrentInitializer, units, 3L * units);
    if (useBias) {
      bias = resetAfter
          ? addWeight("bias", biasInitializer, 2, 3L * units)
          : addWeight("bias", biasInitializer, 3L * units);
    }
  }

  @Override
  public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states) {
    requireBuilt();
    Operand<T> h = states.get(0);
    Operand<T> inputBias = null;
    Operand<T> recurrentBias = null;
    if (useBias) {
      if (!resetAfter) {
        inputBias = era() == KerasEra.KERAS_3 ? null : bias.read(tf);
      } else if (era() == KerasEra.KERAS_3) {
        List<Operand<T>> parts = unstackWeight(tf, bias, 2);
        inputBias = parts.get(0);
        recurrentBias = parts.get(1);
      } else {
        Operand<T> b = bias.read(tf);
        inputBias = tf.stridedSlice(b, Indices.at(0));
        recurrentBias = tf.stridedSlice(b, Indices.at(1));
      }
    }
    long u = units;
    Operand<T> xz;
    Operand<T> xr;
    Operand<T> xh;
    Operand<T> recZ;
    Operand<T> recR;
    Operand<T> recH;
    Operand<T> r = null;
    if (implementation == 1) {
      Operand<T> k = kernel.read(tf);
      r = recurrentKernel.read(tf);
      if (useBias && inputBias == null) {
        inputBias = bias.read(tf);
      }
      xz = tf.linalg.matMul(x, columns(tf, k, 0, u));
      xr = tf.linalg.matMul(x, columns(tf, k, u, 2 * u));
      xh = tf.linalg.matMul(x, columns(tf, k, 2 * u, 3 * u));
      if (useBias) {
        xz = addBias(tf, xz, range(tf, inputBias, 0, u));
        xr = addBias(tf, xr, range(tf, inputBias, u, 2 * u));
        xh = addBias(tf, xh, range(tf, inputBias, 2 * u, 3 * u));
      }
      recZ = tf.linalg.matMul(h, columns(tf, r, 0, u));
      recR = tf.linalg.matMul(h, columns(tf, r, u, 2 * u));
      if (resetAfter && useBias) {
        recZ = addBias(tf, recZ, range(tf, recurrentBias, 0, u));
        recR = addBias(tf, recR, range(tf, recurrentBias, u, 2 * u));
      }
      recH = null;
    } else {
      Operand<T> mx = matmul(tf, x, kernel);
      if (useBias) {
        mx = inputBias != null ? addBias(tf, mx, inputBias) : addBias(tf, mx, bias);
      }
      List<Operand<T>> xs = split(tf, mx, 3, -1);
      xz = xs.get(0);
      xr = xs.get(1);
      xh = xs.get(2);
      Operand<T> inner;
      if (resetAfter) {
        inner = matmul(tf, h, recurrentKernel);
      } else {
        r = recurrentKernel.read(tf);
        inner = tf.linalg.matMul(h, columns(tf, r, 0, 2 * u));
      }
      if (resetAfter && useBias) {
        inner = addBias(tf, inner, recurrentBias);
      }
      recZ = columns(tf, inner, 0, u);
      recR = columns(tf, inner, u, 2 * u);
      recH = resetAfter ? columns(tf, inner, 2 * u, 3 * u) : null;
    }
    Operand<T> z = recurrentActivation.apply(tf, Py.add(tf, xz, recZ));
    Operand<T> reset = recurrentActivation.apply(tf, Py.add(tf, xr, recR));
    if (resetAfter) {
      if (recH == null) {
        recH = tf.linalg.matMul(h, columns(tf, r, 2 * u, 3 * u));
        if (useBias) {
          recH = addBias(tf, recH, range(tf, recurrentBias, 2 * u, 3 * u));
        }
      }
      recH = Py.mul(tf, reset, recH);
    } else {
      recH = tf.linalg.matMul(Py.mul(tf, reset, h), columns(tf, r, 2 * u, 3 * u));
    }
    Operand<T> hh = activation.apply(tf, Py.add(tf, xh, recH));
    Operand<T> keep = Py.mul(tf, z, h);
    Operand<T> update = Py.mul(tf, oneMinus(tf, z), hh);
    Operand<T> hNew = Py.add(tf, keep, update);
    return new CellOutput<>(hNew, List.of(hNew));
  }
}

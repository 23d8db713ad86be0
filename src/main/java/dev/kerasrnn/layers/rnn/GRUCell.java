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
    // Keras 3's GRUCell.call op for op (tf-keras's cell computes the same arithmetic in the same
    // order; its bias adds are BiasAdd): the biases unstacked first when reset_after.
    Operand<T> inputBias = null;
    Operand<T> recurrentBias = null;
    if (useBias && resetAfter) {
      if (era() == KerasEra.KERAS_3) {
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
    Operand<T> recH = null;
    if (implementation == 1) {
      xz = matmul(tf, x, columns(tf, kernel, 0, u));
      xr = matmul(tf, x, columns(tf, kernel, u, 2 * u));
      xh = matmul(tf, x, columns(tf, kernel, 2 * u, END));
      if (useBias) {
        xz = addBias(tf, xz, biasRange(tf, inputBias, 0, u));
        xr = addBias(tf, xr, biasRange(tf, inputBias, u, 2 * u));
        xh = addBias(tf, xh, biasRange(tf, inputBias, 2 * u, END));
      }
      recZ = matmul(tf, h, columns(tf, recurrentKernel, 0, u));
      recR = matmul(tf, h, columns(tf, recurrentKernel, u, 2 * u));
      if (resetAfter && useBias) {
        recZ = addBias(tf, recZ, range(tf, recurrentBias, 0, u));
        recR = addBias(tf, recR, range(tf, recurrentBias, u, 2 * u));
      }
    } else {
      Operand<T> mx = matmul(tf, x, kernel);
      if (useBias) {
        mx = inputBias != null ? addBias(tf, mx, inputBias) : addBias(tf, mx, bias);
      }
      List<Operand<T>> xs = split(tf, mx, 3, -1);
      xz = xs.get(0);
      xr = xs.get(1);
      xh = xs.get(2);
      Operand<T> inner = resetAfter ? matmul(tf, h, recurrentKernel)
          : matmul(tf, h, columns(tf, recurrentKernel, 0, 2 * u));
      if (resetAfter && useBias) {
        inner = addBias(tf, inner, recurrentBias);
      }
      recZ = columns(tf, inner, 0, u);
      recR = columns(tf, inner, u, 2 * u);
      if (resetAfter) {
        recH = columns(tf, inner, 2 * u, END);
      } else if (Py.tracing(tf)) {
        columns(tf, inner, 2 * u, END);  // Keras slices matrix_inner[:, 2u:] (unused) too
      }
    }
    Operand<T> z = recurrentActivation.apply(tf, Py.add(tf, xz, recZ));
    Operand<T> reset = recurrentActivation.apply(tf, Py.add(tf, xr, recR));
    if (resetAfter) {
      if (recH == null) {
        recH = matmul(tf, h, columns(tf, recurrentKernel, 2 * u, END));
        if (useBias) {
          recH = addBias(tf, recH, range(tf, recurrentBias, 2 * u, END));
        }
      }
      recH = Py.mul(tf, reset, recH);
    } else {
      Operand<T> rh = Py.mul(tf, reset, h);
      recH = matmul(tf, rh, columns(tf, recurrentKernel, 2 * u, END));
    }
    Operand<T> hh = activation.apply(tf, Py.add(tf, xh, recH));
    Operand<T> keep = Py.mul(tf, z, h);
    Operand<T> update = Py.mul(tf, oneMinus(tf, z), hh);
    Operand<T> hNew = Py.add(tf, keep, update);
    return new CellOutput<>(hNew, List.of(hNew));
  }

  /** {@code input_bias[from:to]}: of the unstacked bias, or of the weight itself. */
  private <T extends TFloating> Operand<T> biasRange(Ops tf, Operand<T> unstacked, long from,
      long to) {
    return unstacked != null ? range(tf, unstacked, from, to) : range(tf, bias, from, to);
  }
}

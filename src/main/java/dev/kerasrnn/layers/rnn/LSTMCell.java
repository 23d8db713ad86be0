package dev.kerasrnn.layers.rnn;

import static dev.kerasrnn.ops.KOps.addV2;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.family.TFloating;

/**
 * Long Short-Term Memory cell; {@code keras.layers.LSTMCell}. Gates are laid out [i, f, c, o].
 * Implementation 2 computes {@code (x·K + h·R) + b} in one product per input; implementation 1
 * computes {@code (x·K_g + b_g) + h·R_g} per gate. The two round differently, as in Keras.
 */
public final class LSTMCell extends GatedCell {
  private final boolean unitForgetBias;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  /** Keras defaults: tanh / sigmoid, use_bias, unit_forget_bias, implementation 2. */
  public LSTMCell(int units) {
    this(builder(units));
  }

  private LSTMCell(Builder b) {
    super(b, b.implementation);
    this.unitForgetBias = b.unitForgetBias;
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link LSTMCell}. */
  public static final class Builder extends CellOptions<Builder> {
    boolean unitForgetBias = true;
    int implementation = 2;

    Builder(int units) {
      super(units, "lstm_cell");
    }

    /** Initialize the forget-gate bias to ones. Default true. */
    public Builder unitForgetBias(boolean v) {
      unitForgetBias = v;
      return this;
    }

    /** 1: per-gate products; 2: one product per input (default). */
    public Builder implementation(int v) {
      implementation = checkImplementation(v);
      return this;
    }

    public LSTMCell build() {
      return new LSTMCell(this);
    }
  }

  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  @Override
  public List<Integer> stateSize() {
    return List.of(units, units);
  }

  @Override
  protected void createWeights(long features) {
    kernel = addWeight("kernel", kernelInitializer, features, 4L * units);
    recurrentKernel = addWeight("recurrent_kernel", recurrentInitializer, units, 4L * units);
    if (useBias) {
      Initializer init = unitForgetBias ? new UnitForgetBias(biasInitializer, units) : biasInitializer;
      bias = addWeight("bias", init, 4L * units);
    }
  }

  @Override
  public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states) {
    requireBuilt();
    Operand<T> h = states.get(0);
    Operand<T> cPrev = states.get(1);
    Operand<T> c;
    Operand<T> o;
    if (implementation == 1) {
      // Keras 3's order: the kernel and bias split per gate, x·K_g (+ b_g) for every gate, then
      // each gate's recurrent product on its own slice of the recurrent kernel.
      List<Operand<T>> ks = split(tf, kernel, 4, 1);
      List<Operand<T>> xg = new java.util.ArrayList<>();
      for (int g = 0; g < 4; g++) {
        xg.add(matmul(tf, x, ks.get(g)));
      }
      if (useBias) {
        List<Operand<T>> bs = split(tf, bias, 4, 0);
        for (int g = 0; g < 4; g++) {
          xg.set(g, addBias(tf, xg.get(g), bs.get(g)));
        }
      }
      Operand<T> i = recurrentActivation.apply(tf, Py.add(tf, xg.get(0), recurrent(tf, h, 0)));
      Operand<T> f = recurrentActivation.apply(tf, Py.add(tf, xg.get(1), recurrent(tf, h, 1)));
      Operand<T> fc = Py.mul(tf, f, cPrev);
      Operand<T> cand = activation.apply(tf, Py.add(tf, xg.get(2), recurrent(tf, h, 2)));
      c = Py.add(tf, fc, Py.mul(tf, i, cand));
      o = recurrentActivation.apply(tf, Py.add(tf, xg.get(3), recurrent(tf, h, 3)));
    } else {
      Operand<T> z = matmul(tf, x, kernel);
      z = Py.add(tf, z, matmul(tf, h, recurrentKernel));
      if (useBias) {
        z = addBias(tf, z, bias);
      }
      List<Operand<T>> zs = split(tf, z, 4, 1);
      Operand<T> i = recurrentActivation.apply(tf, zs.get(0));
      Operand<T> f = recurrentActivation.apply(tf, zs.get(1));
      Operand<T> fc = Py.mul(tf, f, cPrev);
      c = Py.add(tf, fc, Py.mul(tf, i, activation.apply(tf, zs.get(2))));
      o = recurrentActivation.apply(tf, zs.get(3));
    }
    Operand<T> hNew = Py.mul(tf, o, activation.apply(tf, c));
    return new CellOutput<>(hNew, List.of(hNew, c));
  }

  /** {@code h · R[:, g·u:(g+1)·u]}: the recurrent kernel read and sliced for gate g. */
  private <T extends TFloating> Operand<T> recurrent(Ops tf, Operand<T> h, int gate) {
    return matmul(tf, h, columns(tf, recurrentKernel, (long) gate * units,
        gate == 3 ? END : (long) (gate + 1) * units));
  }

  /** Keras's LSTM bias initializer: [init(u), ones(u), init(2u)]. */
  static final class UnitForgetBias implements Initializer {
    private final Initializer base;
    private final int units;

    UnitForgetBias(Initializer base, int units) {
      this.base = base;
      this.units = units;
    }

    @Override
    public HostArray generate(DType dtype, long... shape) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(base.generate(dtype, units).bytes());
      out.writeBytes(new Ones().generate(dtype, units).bytes());
      out.writeBytes(base.generate(dtype, 2L * units).bytes());
      return HostArray.ofBytes(dtype, shape, out.toByteArray());
    }
  }
}

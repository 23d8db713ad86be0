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
      Operand<T> k = kernel.read(tf);
      Operand<T> r = recurrentKernel.read(tf);
      Operand<T>[] xg = gateInputs(tf, x, k);
      Operand<T> i = recurrentActivation.apply(tf, addV2(tf, xg[0], recurrent(tf, h, r, 0)));
      Operand<T> f = recurrentActivation.apply(tf, addV2(tf, xg[1], recurrent(tf, h, r, 1)));
      Operand<T> cand = activation.apply(tf, addV2(tf, xg[2], recurrent(tf, h, r, 2)));
      c = addV2(tf, tf.math.mul(f, cPrev), tf.math.mul(i, cand));
      o = recurrentActivation.apply(tf, addV2(tf, xg[3], recurrent(tf, h, r, 3)));
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

  /** Implementation 1: {@code x·K_g + b_g} for each gate g, with K and b split in four. */
  @SuppressWarnings("unchecked")
  private <T extends TFloating> Operand<T>[] gateInputs(Ops tf, Operand<T> x, Operand<T> k) {
    Split<T> ks = tf.split(tf.constant(1), k, 4L);
    Split<T> bs = useBias ? tf.split(tf.constant(0), bias.<T>read(tf), 4L) : null;
    Operand<T>[] xg = new Operand[4];
    for (int g = 0; g < 4; g++) {
      xg[g] = tf.linalg.matMul(x, ks.output().get(g));
    }
    if (useBias) {
      for (int g = 0; g < 4; g++) {
        xg[g] = addBias(tf, xg[g], bs.output().get(g));
      }
    }
    return xg;
  }

  private <T extends TFloating> Operand<T> recurrent(Ops tf, Operand<T> h, Operand<T> r, int gate) {
    return tf.linalg.matMul(h, columns(tf, r, (long) gate * units, (long) (gate + 1) * units));
  }

  /** Keras's LSTM bias initializer: [init(u), ones(u), init(2u)]. */
  private static final class UnitForgetBias implements Initializer {
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

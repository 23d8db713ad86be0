package dev.kerasrnn.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TType;

/** A layer's output with the [batch, time] mask it passes on (Keras's {@code _keras_mask}). */
public record MaskedOutput<T extends TType>(Operand<T> output, Operand<TBool> mask) {}

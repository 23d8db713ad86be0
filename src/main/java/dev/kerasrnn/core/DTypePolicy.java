package dev.kerasrnn.core;

import java.util.Objects;

/**
 * A layer's dtype policy: the dtype its weights are kept in and the dtype it computes in (and
 * takes inputs and returns outputs in). Keras 3 {@code keras.DTypePolicy}, tf-keras {@code
 * tf.keras.mixed_precision.Policy}. A plain dtype name gives both dtypes equal; {@code
 * mixed_float16} / {@code mixed_bfloat16} keep float32 weights and compute in half precision, the
 * weights being cast to the compute dtype where the layer reads them.
 *
 * @param name the Keras policy name, e.g. {@code "mixed_float16"} or {@code "float32"}
 * @param variableDtype the dtype of the weights ({@code layer.variable_dtype}, {@code layer.dtype})
 * @param computeDtype the dtype of inputs, computation and outputs ({@code layer.compute_dtype})
 */
public record DTypePolicy(String name, DType variableDtype, DType computeDtype) {
  public static final DTypePolicy FLOAT32 = of(DType.FLOAT32);
  public static final DTypePolicy MIXED_FLOAT16 =
      new DTypePolicy("mixed_float16", DType.FLOAT32, DType.FLOAT16);
  public static final DTypePolicy MIXED_BFLOAT16 =
      new DTypePolicy("mixed_bfloat16", DType.FLOAT32, DType.BFLOAT16);

  public DTypePolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(variableDtype, "variableDtype");
    Objects.requireNonNull(computeDtype, "computeDtype");
  }

  /** The policy of a single dtype: weights and computation both in it. */
  public static DTypePolicy of(DType dtype) {
    return new DTypePolicy(dtype.kerasName(), dtype, dtype);
  }

  /**
   * The policy of a Keras policy name: {@code mixed_float16}, {@code mixed_bfloat16}, or a dtype
   * name ({@code float16}, {@code bfloat16}, {@code float32}, {@code float64}). Keras's
   * {@code DTypePolicy._parse_name}.
   *
   * @throws IllegalArgumentException naming the policy and the supported names
   */
  public static DTypePolicy of(String name) {
    switch (name) {
      case "mixed_float16":
        return MIXED_FLOAT16;
      case "mixed_bfloat16":
        return MIXED_BFLOAT16;
      default:
        try {
          return of(DType.fromKerasName(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unsupported dtype policy '" + name
              + "'; supported: mixed_float16, mixed_bfloat16, float16, bfloat16, float32, float64");
        }
    }
  }

  /** True when weights and computation use different dtypes (the mixed policies). */
  public boolean isMixed() {
    return variableDtype != computeDtype;
  }

  @Override
  public String toString() {
    return name;
  }
}

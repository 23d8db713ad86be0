package dev.kerasrnn.serving;

import dev.kerasrnn.core.DType;

/**
 * Tensor element types as the serving protocols name them: KServe v2 / Open Inference Protocol
 * names ({@code FP32}, ...) and TensorFlow's ({@code DT_FLOAT}, ...).
 */
public enum Datatype {
  BOOL("DT_BOOL"),
  INT8("DT_INT8"),
  INT16("DT_INT16"),
  INT32("DT_INT32"),
  INT64("DT_INT64"),
  UINT8("DT_UINT8"),
  UINT16("DT_UINT16"),
  UINT32("DT_UINT32"),
  UINT64("DT_UINT64"),
  FP16("DT_HALF"),
  BF16("DT_BFLOAT16"),
  FP32("DT_FLOAT"),
  FP64("DT_DOUBLE"),
  BYTES("DT_STRING");

  private final String tensorflowName;

  Datatype(String tensorflowName) {
    this.tensorflowName = tensorflowName;
  }

  /** TensorFlow's name, as TF Serving's metadata prints it. */
  public String tensorflowName() {
    return tensorflowName;
  }

  /** Whether this is a floating-point type. */
  public boolean isFloat() {
    return this == FP16 || this == BF16 || this == FP32 || this == FP64;
  }

  /** Whether this is an integer type. */
  public boolean isInteger() {
    return name().startsWith("INT") || name().startsWith("UINT");
  }

  /** The type of a float array. */
  public static Datatype of(DType dtype) {
    return switch (dtype) {
      case FLOAT16 -> FP16;
      case BFLOAT16 -> BF16;
      case FLOAT32 -> FP32;
      case FLOAT64 -> FP64;
    };
  }

  /** The type named {@code name} ({@code FP32}, ...), or null. */
  public static Datatype parse(String name) {
    for (Datatype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}

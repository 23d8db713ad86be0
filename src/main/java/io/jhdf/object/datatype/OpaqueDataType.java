package io.jhdf.object.datatype;

import io.jhdf.Utils;
import io.jhdf.storage.HdfBackingStorage;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/**
 * HDF5 opaque datatype (class 5); each element reads as a {@code byte[]}.
 *
 * <p>Replaces jhdf 0.13.0's class of the same name (this project's classes precede the jhdf jar on
 * the class path). jhdf's constructor looks for a NUL inside the tag even when the tag length is
 * 0, and then fails on the whole group. The HDF5 library writes an empty tag with length 0, and
 * h5py stores NumPy void types that way, among them {@code ml_dtypes.bfloat16}: every bfloat16
 * weight Keras 3 or tf-keras saves. Apart from accepting an empty tag, it behaves as jhdf's.
 * Remove it when jhdf reads empty tags (the bfloat16 parity cases would then still pass).
 */
public class OpaqueDataType extends DataType {
  private final String asciiTag;

  public OpaqueDataType(ByteBuffer bb) {
    super(bb);
    int tagLength = Utils.bitsToInt(classBits, 0, 8);
    asciiTag = tagLength == 0 ? "" : Utils.readUntilNull(Utils.createSubBuffer(bb, tagLength));
  }

  public String getAsciiTag() {
    return asciiTag;
  }

  @Override
  public Class<?> getJavaType() {
    return byte[].class;
  }

  @Override
  public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
    int elements = 1;
    for (int d : dimensions) {
      elements = Math.multiplyExact(elements, d);
    }
    int elementSize = elements == 0 ? getSize() : buffer.remaining() / elements;
    Object data = Array.newInstance(byte[].class, dimensions);
    fill(data, dimensions, 0, buffer, elementSize);
    return data;
  }

  private static void fill(Object data, int[] dims, int axis, ByteBuffer buffer, int elementSize) {
    int n = Array.getLength(data);
    for (int i = 0; i < n; i++) {
      if (axis < dims.length - 1) {
        fill(Array.get(data, i), dims, axis + 1, buffer, elementSize);
      } else {
        byte[] bytes = new byte[elementSize];
        buffer.get(bytes);
        Array.set(data, i, bytes);
      }
    }
  }
}

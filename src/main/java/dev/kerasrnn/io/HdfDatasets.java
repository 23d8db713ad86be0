package dev.kerasrnn.io;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Reads float32 / float64 datasets into {@link HostArray}s from the raw stored bytes, so every bit
 * (NaN payloads, signed zeros) is kept. Other element types are rejected, as is a dataset that
 * carries Keras's {@code dtype="bfloat16"} marker.
 */
final class HdfDatasets {
  /** HostArray's limit: {@code Integer.MAX_VALUE / 8} elements of float64. */
  private static final long MAX_BYTES = Integer.MAX_VALUE / 8 * 8L;

  private final HdfContext hdf;
  private final HdfAttributes attributes;

  HdfDatasets(HdfContext hdf) {
    this.hdf = hdf;
    this.attributes = new HdfAttributes(hdf);
  }

  HostArray read(Dataset dataset) {
    String path = HdfContext.pathOf(dataset);
    DType dtype = dtypeOf(dataset, path);
    long[] shape = hdf.guard(path, "the dataset shape", dataset::getDimensionsAsLong);
    int byteCount = byteCount(shape, dtype, path);
    byte[] bytes = hdf.guard(path, "the dataset",
        () -> storedBytes(dataset, byteCount, path));
    ByteOrder order = ((FloatingPoint) dataset.getDataType()).getByteOrder();
    return HostArray.ofBytes(dtype, shape, bytes, order);
  }

  /** The size of a dense array; a corrupt shape fails here rather than by exhausting memory. */
  private int byteCount(long[] shape, DType dtype, String path) {
    long count = dtype.byteSize();
    for (long d : shape) {
      if (d < 0 || (d > 0 && count > MAX_BYTES / d)) {
        throw hdf.error(path, "expected a dataset of at most " + MAX_BYTES + " bytes, found shape "
            + HostArray.shapeString(shape) + " of " + dtype);
      }
      count *= d;
    }
    return (int) count;
  }

  private DType dtypeOf(Dataset dataset, String path) {
    DataType type = hdf.guard(path, "the dataset type", dataset::getDataType);
    Optional<String> kerasDtype = attributes.string(dataset, "dtype");
    if (kerasDtype.isPresent()) {
      throw hdf.error(path, "unsupported dataset dtype " + kerasDtype.get()
          + "; expected float32 or float64");
    }
    if (type instanceof FloatingPoint && type.getSize() == 4) {
      return DType.FLOAT32;
    }
    if (type instanceof FloatingPoint && type.getSize() == 8) {
      return DType.FLOAT64;
    }
    throw hdf.error(path, "unsupported dataset dtype " + describe(type)
        + "; expected float32 or float64");
  }

  private byte[] storedBytes(Dataset dataset, int byteCount, String path) {
    if (byteCount == 0) {
      return new byte[0];
    }
    if (!(dataset instanceof DatasetBase)) {
      throw hdf.error(path, "unsupported dataset storage " + dataset.getClass().getSimpleName());
    }
    if (dataset.getFilters().isEmpty() && byteCount > hdf.fileSize()) {
      throw hdf.error(path, "expected at most the file size (" + hdf.fileSize() + " bytes) of"
          + " uncompressed data, found a dataset of " + byteCount + " bytes");
    }
    ByteBuffer raw = ((DatasetBase) dataset).getDataBuffer().duplicate();
    if (raw.remaining() != byteCount) {
      throw hdf.error(path, "expected " + byteCount + " bytes of data, found "
          + raw.remaining());
    }
    byte[] bytes = new byte[byteCount];
    raw.get(bytes);
    return bytes;
  }

  /** A NumPy-like name for an HDF5 type, e.g. {@code int64} or {@code float16}. */
  static String describe(DataType type) {
    int bits = type.getSize() * 8;
    if (type instanceof FloatingPoint) {
      return "float" + bits;
    }
    if (type instanceof FixedPoint) {
      return (((FixedPoint) type).isSigned() ? "int" : "uint") + bits;
    }
    if (type instanceof StringData || type instanceof VariableLength) {
      return "string";
    }
    return type.getClass().getSimpleName() + " (" + type.getSize() + " bytes)";
  }
}

package dev.kerasrnn.io;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.Limits;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OpaqueDataType;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Reads floating-point datasets into {@link HostArray}s from the raw stored bytes, so every bit
 * (NaN payloads, signed zeros) is kept. float16, float32 and float64 are HDF5 IEEE floats.
 * bfloat16 has no HDF5 type: h5py writes {@code ml_dtypes.bfloat16} arrays as a 2-byte opaque
 * type in NumPy's (little-endian) byte order, Keras 3 adding the attribute {@code
 * dtype="bfloat16"} (tf-keras's legacy .h5 does not), and a 2-byte integer dataset with that
 * attribute (uint16 in a fixture's data.h5) holds the bit patterns. An int64 scalar (Keras's
 * Normalization {@code count}) is read as a float64 value. Other types are rejected.
 */
final class HdfDatasets {
  /** HostArray's limit: {@code Integer.MAX_VALUE / 8} elements of float64. */
  private static final long MAX_BYTES = Integer.MAX_VALUE / 8 * 8L;

  /** Highest dataset rank read. */
  private static final int MAX_RANK = 32;

  private static final String SUPPORTED = "float16, bfloat16, float32 or float64";

  private final HdfContext hdf;
  private final HdfAttributes attributes;

  HdfDatasets(HdfContext hdf) {
    this.hdf = hdf;
    this.attributes = new HdfAttributes(hdf);
  }

  /**
   * A float dataset as a {@link HostArray}, or an integer dataset without Keras's {@code dtype}
   * attribute (a mask, token ids) as an {@link IntArray}.
   */
  Object readValue(Dataset dataset) {
    String path = HdfContext.pathOf(dataset);
    DataType type = hdf.guard(path, "the dataset type", dataset::getDataType);
    if (!(type instanceof FixedPoint) || attributes.string(dataset, "dtype").isPresent()) {
      return read(dataset);
    }
    FixedPoint fixed = (FixedPoint) type;
    int width = fixed.getSize();
    if (width != 1 && width != 2 && width != 4) {
      throw hdf.error(path, "unsupported dataset dtype " + describe(type)
          + "; expected a float type or an integer type of at most 32 bits");
    }
    long[] shape = hdf.guard(path, "the dataset shape", dataset::getDimensionsAsLong);
    int count = byteCount(shape, width, describe(type), path) / width;
    ByteBuffer raw = ByteBuffer.wrap(hdf.guard(path, "the dataset",
        () -> storedBytes(dataset, count * width, path))).order(fixed.getByteOrder());
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      long v = width == 1 ? raw.get(i) : width == 2 ? raw.getShort(i * 2) : raw.getInt(i * 4);
      if (!fixed.isSigned()) {
        v &= width == 1 ? 0xFFL : width == 2 ? 0xFFFFL : 0xFFFFFFFFL;
      }
      if (v != (int) v) {
        throw hdf.error(path, "expected int32 values, found " + v);
      }
      values[i] = (int) v;
    }
    return IntArray.of(shape, values);
  }

  HostArray read(Dataset dataset) {
    String path = HdfContext.pathOf(dataset);
    HostArray count = int64Scalar(dataset, path);
    if (count != null) {
      return count;
    }
    DType dtype = dtypeOf(dataset, path);
    long[] shape = hdf.guard(path, "the dataset shape", dataset::getDimensionsAsLong);
    int byteCount = byteCount(shape, dtype.byteSize(), dtype.toString(), path);
    byte[] bytes = hdf.guard(path, "the dataset",
        () -> storedBytes(dataset, byteCount, path));
    DataType type = dataset.getDataType();
    ByteOrder order = type instanceof OrderedDataType
        ? ((OrderedDataType) type).getByteOrder()
        : ByteOrder.LITTLE_ENDIAN;
    return HostArray.ofBytes(dtype, shape, bytes, order);
  }

  /**
   * An int64 scalar without Keras's {@code dtype} attribute (the {@code count} weight of
   * Normalization, unused at inference) as a float64 value, or null for any other dataset; a
   * value float64 cannot hold exactly is refused.
   */
  private HostArray int64Scalar(Dataset dataset, String path) {
    DataType type = hdf.guard(path, "the dataset type", dataset::getDataType);
    if (!(type instanceof FixedPoint fixed) || type.getSize() != 8 || !fixed.isSigned()
        || attributes.string(dataset, "dtype").isPresent()) {
      return null;
    }
    long[] shape = hdf.guard(path, "the dataset shape", dataset::getDimensionsAsLong);
    if (shape.length != 0) {
      return null;
    }
    ByteBuffer raw = ByteBuffer.wrap(hdf.guard(path, "the dataset",
        () -> storedBytes(dataset, 8, path))).order(fixed.getByteOrder());
    long v = raw.getLong(0);
    if (Math.abs(v) > (1L << 53)) {
      throw hdf.error(path, "expected an int64 scalar of at most 2^53 in magnitude, found " + v);
    }
    return HostArray.ofDoubles(shape, (double) v);
  }

  /** The size of a dense array; a corrupt shape fails here rather than by exhausting memory. */
  private int byteCount(long[] shape, int elementSize, String typeName, String path) {
    long max = Math.min(MAX_BYTES, hdf.limits().maxTensorBytes());
    long count = elementSize;
    if (shape.length > MAX_RANK) {
      throw hdf.error(path, "expected a dataset of rank at most " + MAX_RANK + ", found rank "
          + shape.length);
    }
    for (long d : shape) {
      if (d == 0) {
        return 0;
      }
    }
    for (long d : shape) {
      if (d < 0 || count > max / d) {
        throw hdf.error(path, "expected a dataset of at most " + max + " bytes"
            + " (kerasrnn.limits.maxTensorBytes), found shape " + HostArray.shapeString(shape)
            + " of " + typeName);
      }
      count *= d;
    }
    return (int) count;
  }

  private DType dtypeOf(Dataset dataset, String path) {
    DataType type = hdf.guard(path, "the dataset type", dataset::getDataType);
    Optional<String> kerasDtype = attributes.string(dataset, "dtype");
    if (kerasDtype.isPresent()) {
      boolean bitsType = type instanceof OpaqueDataType || type instanceof FixedPoint
          || hdf.isUntaggedOpaque(dataset);
      if (kerasDtype.get().equals("bfloat16") && bitsType && type.getSize() == 2) {
        return DType.BFLOAT16;
      }
      throw hdf.error(path, "unsupported dataset dtype " + kerasDtype.get() + " stored as "
          + describe(dataset, type) + "; expected " + SUPPORTED + ", bfloat16 as 2-byte opaque or"
          + " integer");
    }
    if (type instanceof FloatingPoint) {
      switch (type.getSize()) {
        case 2:
          return DType.FLOAT16;
        case 4:
          return DType.FLOAT32;
        case 8:
          return DType.FLOAT64;
        default:
          break;
      }
    }
    if (type.getSize() == 2 && hdf.isUntaggedOpaque(dataset)) {
      return DType.BFLOAT16; // h5py's encoding of ml_dtypes.bfloat16, untagged (tf-keras .h5)
    }
    throw hdf.error(path, "unsupported dataset dtype " + describe(dataset, type) + "; expected "
        + SUPPORTED);
  }

  private byte[] storedBytes(Dataset dataset, int byteCount, String path) {
    if (byteCount == 0) {
      return new byte[0];
    }
    if (!(dataset instanceof DatasetBase)) {
      throw hdf.error(path, "unsupported dataset storage " + dataset.getClass().getSimpleName());
    }
    boolean filtered = !dataset.getFilters().isEmpty();
    long fits = filtered ? hdf.fileSize() * Limits.MAX_DEFLATE_RATIO : hdf.fileSize();
    if (byteCount > fits) {
      throw hdf.error(path, filtered
          ? "expected at most " + Limits.MAX_DEFLATE_RATIO + " times the file size (" + fits
              + " bytes) of compressed data, found a dataset of " + byteCount + " bytes"
          : "expected at most the file size (" + hdf.fileSize() + " bytes) of uncompressed data,"
              + " found a dataset of " + byteCount + " bytes");
    }
    if (dataset instanceof ChunkedDataset chunked) {
      long chunk = dataset.getDataType().getSize();
      for (int d : chunked.getChunkDimensions()) {
        if (d <= 0 || chunk > fits / d) {
          throw hdf.error(path, "expected chunks of at most " + fits + " bytes, found chunk shape "
              + java.util.Arrays.toString(chunked.getChunkDimensions()));
        }
        chunk *= d;
      }
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

  /** {@link #describe(DataType)}, naming an untagged opaque type read by jhdf as a string. */
  private String describe(Dataset dataset, DataType type) {
    return hdf.isUntaggedOpaque(dataset) ? "opaque" + type.getSize() * 8 : describe(type);
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
    if (type instanceof OpaqueDataType) {
      return "opaque" + bits;
    }
    return type.getClass().getSimpleName() + " (" + type.getSize() + " bytes)";
  }
}

package dev.kerasrnn.io;

import io.jhdf.GroupSymbolTableNode;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.SymbolTableEntry;
import io.jhdf.btree.BTreeV1;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.SymbolTableMessage;
import io.jhdf.storage.HdfBackingStorage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the HDF5 opaque datatypes with an empty tag that jhdf 0.13.0 (the newest release, and
 * its main branch at the time of writing) cannot parse, and lets jhdf read their datasets anyway
 * through its public API only.
 *
 * <p>h5py stores NumPy void types such as {@code ml_dtypes.bfloat16} as an opaque type whose tag
 * has length 0; jhdf's {@code OpaqueDataType} looks for a NUL inside that empty tag and fails,
 * and with it every group holding such a dataset (so no bfloat16 weight file of either Keras can
 * be read). This class walks the file's groups with jhdf's own readers ({@link ObjectHeader},
 * {@link BTreeV1}, {@link GroupSymbolTableNode}, link messages); for an object header jhdf fails
 * to parse, it reads the version-1 header's messages itself and records each datatype message
 * of class 5 (opaque) with an empty tag. {@link #apply} then rewrites, in a copy of the bytes,
 * that message's class nibble from 5 to 3 (a fixed-length string of the same size, which needs
 * no properties and so fits the same 8 bytes); jhdf opens the copy ({@code HdfFile.fromBytes}),
 * and the reader treats the datasets whose headers were rewritten ({@link #headers}) as the
 * opaque type they are. Nothing is changed for files without such types.
 *
 * <p>The walk is best effort: any failure leaves the file as it is, and jhdf's own reading then
 * reports it.
 */
final class UntaggedOpaque {
  private static final int MAX_OBJECTS = 200_000;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_HEADER_BLOCKS = 64;
  private static final int MAX_HEADER_BYTES = 1 << 24;
  private static final UntaggedOpaque NONE = new UntaggedOpaque(List.of(), Set.of());

  private final List<Long> offsets;
  private final Set<Long> headers;

  private UntaggedOpaque(List<Long> offsets, Set<Long> headers) {
    this.offsets = offsets;
    this.headers = headers;
  }

  /** The empty-tag opaque datatype messages of an open file (none if the walk fails). */
  static UntaggedOpaque find(HdfFile hdf) {
    try {
      HdfBackingStorage storage = hdf.getHdfBackingStorage();
      if (storage.getSuperblock().getSizeOfOffsets() != 8
          || storage.getSuperblock().getSizeOfLengths() != 8) {
        return NONE;
      }
      Walk walk = new Walk(storage);
      walk.visit(hdf.getAddress(), 0);
      return walk.offsets.isEmpty() ? NONE : new UntaggedOpaque(List.copyOf(walk.offsets),
          Set.copyOf(walk.headers));
    } catch (RuntimeException | StackOverflowError e) {
      return NONE;
    }
  }

  boolean isEmpty() {
    return offsets.isEmpty();
  }

  /** The object header addresses of the datasets whose datatype is an empty-tag opaque type. */
  Set<Long> headers() {
    return headers;
  }

  /** A copy of the file's bytes in which jhdf can parse every recorded datatype message. */
  byte[] apply(byte[] bytes, long baseAddress) {
    byte[] out = bytes.clone();
    for (long offset : offsets) {
      int at = Math.toIntExact(offset + baseAddress);
      out[at] = (byte) ((out[at] & 0xF0) | 3);
    }
    return out;
  }

  /** The group walk. */
  private static final class Walk {
    private final HdfBackingStorage storage;
    private final Set<Long> visited = new HashSet<>();
    private final List<Long> offsets = new ArrayList<>();
    private final Set<Long> headers = new HashSet<>();

    Walk(HdfBackingStorage storage) {
      this.storage = storage;
    }

    void visit(long address, int depth) {
      if (depth > MAX_DEPTH || visited.size() >= MAX_OBJECTS || !visited.add(address)) {
        return;
      }
      ObjectHeader header;
      try {
        header = ObjectHeader.readObjectHeader(storage, address);
      } catch (RuntimeException e) {
        scan(address);
        return;
      }
      if (header.hasMessageOfType(SymbolTableMessage.class)) {
        SymbolTableMessage table = header.getMessageOfType(SymbolTableMessage.class);
        for (long node : BTreeV1.createGroupBTree(storage, table.getBTreeAddress())
            .getChildAddresses()) {
          for (SymbolTableEntry e : new GroupSymbolTableNode(storage, node)
              .getSymbolTableEntries()) {
            if (e.getCacheType() != 2) { // 2: a soft link
              visit(e.getObjectHeaderAddress(), depth + 1);
            }
          }
        }
      } else if (header.hasMessageOfType(LinkInfoMessage.class)) {
        for (LinkMessage link : header.getMessagesOfType(LinkMessage.class)) {
          if (link.getLinkType() == LinkMessage.LinkType.HARD) {
            visit(link.getHardLinkAddress(), depth + 1);
          }
        }
      }
    }

    /** Records the empty-tag opaque datatype messages of a version-1 object header. */
    private void scan(long address) {
      ByteBuffer prefix = read(address, 16);
      if (prefix.get(0) != 1) {
        return; // version 2 headers ("OHDR") carry checksums; not rewritten
      }
      int messages = prefix.getShort(2) & 0xFFFF;
      long size = prefix.getInt(8) & 0xFFFFFFFFL;
      ArrayDeque<long[]> blocks = new ArrayDeque<>();
      blocks.add(new long[] {address + 16, size});
      int seen = 0;
      int blockCount = 0;
      boolean found = false;
      while (!blocks.isEmpty() && seen < messages && blockCount++ < MAX_HEADER_BLOCKS) {
        long[] block = blocks.poll();
        if (block[1] <= 0 || block[1] > MAX_HEADER_BYTES) {
          return;
        }
        ByteBuffer b = read(block[0], (int) block[1]);
        int pos = 0;
        while (pos + 8 <= block[1] && seen < messages) {
          int type = b.getShort(pos) & 0xFFFF;
          int length = b.getShort(pos + 2) & 0xFFFF;
          int body = pos + 8;
          if (body + length > block[1]) {
            return;
          }
          seen++;
          if (type == 3 && length >= 8 && (b.get(body) & 0x0F) == 5 && b.get(body + 1) == 0) {
            offsets.add(block[0] + body);
            found = true;
          } else if (type == 0x10 && length >= 16) {
            blocks.add(new long[] {b.getLong(body), b.getLong(body + 8)});
          }
          pos = body + length;
        }
      }
      if (found) {
        headers.add(address);
      }
    }

    private ByteBuffer read(long address, int length) {
      return storage.readBufferFromAddress(address, length).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}

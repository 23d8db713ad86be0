package dev.kerasrnn.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.EagerSession;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * The library's eager sessions. Their ops run directly, as TF Java runs them, not as one-op
 * functions as TF Python's eager context does ({@code TFE_ContextOptionsSetRunEagerOpAsFunction}
 * in {@code tensorflow/python/eager/context.py}): in TensorFlow 2.18 that mode reuses a {@code
 * Const} op's function for a later constant of the same shape whose first three values are the
 * same, so the later constant silently gets the earlier one's values (a [4] float constant that
 * differs only at index 3, a Fill or Reshape shape that differs only in its last dimension).
 * TF Python is not affected: its eager constants are tensors, not Const ops; TF Java makes every
 * constant with a Const op. {@link #openRunningOpsAsFunctions} sets the mode (through Java 17's
 * foreign linker, TF Java has no binding) for the test that shows the reuse. The cost of running
 * ops directly: with oneDNN on (TF_ENABLE_ONEDNN_OPTS=1), the function runtime's graph passes give
 * some ops oneDNN kernels that a directly run op does not get, so eager results can be a few ULP
 * off Keras's there (compiled ones match); with oneDNN off, the bits are the same either way.
 */
public final class EagerSessions {
  private static final String SYMBOL = "TFE_ContextSetRunEagerOpAsFunction";
  private static volatile Linked linked;

  private EagerSessions() {}

  /** A new eager session with {@code config}; its ops run directly. */
  public static EagerSession open(ConfigProto config) {
    return EagerSession.options().config(config).build();
  }

  /** A new eager session with TensorFlow's default options; its ops run directly. */
  public static EagerSession open() {
    return open(ConfigProto.getDefaultInstance());
  }

  /**
   * A session whose ops run as one-op functions, as TF Python's do — not used by the library
   * (see the class comment); null when this JVM cannot set the mode ({@link #reason()}).
   */
  static EagerSession openRunningOpsAsFunctions() {
    if (link().handle == null) {
      return null;
    }
    EagerSession s = open();
    try {
      runOpsAsFunctions(s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Why {@link #openRunningOpsAsFunctions} cannot set the mode in this JVM, or null. */
  static String reason() {
    return link().reason;
  }

  private static void runOpsAsFunctions(EagerSession s) {
    Linked l = link();
    if (l.handle == null) {
      return;
    }
    try (TF_Status status = TF_Status.newStatus()) {
      Pointer context = (Pointer) l.context.get(s);
      l.handle.invoke(l.address(context.address()), (byte) 1, l.address(status.address()));
      if (tensorflow.TF_GetCode(status) != tensorflow.TF_OK) {
        throw new IllegalStateException(SYMBOL + " failed: "
            + tensorflow.TF_Message(status).getString());
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(SYMBOL + " failed: " + e, e);
    }
  }

  private static Linked link() {
    Linked l = linked;
    if (l == null) {
      synchronized (EagerSessions.class) {
        l = linked;
        if (l == null) {
          l = Linked.resolve();
          linked = l;
        }
      }
    }
    return l;
  }

  /** The downcall handle and what it needs, or why there is none. */
  private record Linked(MethodHandle handle, MethodHandle ofLong, Field context, String reason) {
    Object address(long value) throws Throwable {
      return ofLong.invoke(value);
    }

    static Linked resolve() {
      if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) {
        return none("the JVM was started without --add-modules=jdk.incubator.foreign");
      }
      try {
        // The natives load with the first session; the symbol is looked up in them.
        EagerSession.create().close();
        Field context = EagerSession.class.getDeclaredField("nativeHandle");
        context.setAccessible(true);
        Class<?> lookupType = Class.forName("jdk.incubator.foreign.SymbolLookup");
        Class<?> linkerType = Class.forName("jdk.incubator.foreign.CLinker");
        Class<?> addressType = Class.forName("jdk.incubator.foreign.MemoryAddress");
        Class<?> addressableType = Class.forName("jdk.incubator.foreign.Addressable");
        Class<?> layoutType = Class.forName("jdk.incubator.foreign.MemoryLayout");
        Class<?> descriptorType = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
        Object lookup = lookupType.getMethod("loaderLookup").invoke(null);
        Optional<?> symbol = (Optional<?>) lookupType.getMethod("lookup", String.class)
            .invoke(lookup, SYMBOL);
        if (symbol.isEmpty()) {
          return none("the TensorFlow native library has no " + SYMBOL);
        }
        Object layouts = Array.newInstance(layoutType, 3);
        Array.set(layouts, 0, linkerType.getField("C_POINTER").get(null));
        Array.set(layouts, 1, linkerType.getField("C_CHAR").get(null));
        Array.set(layouts, 2, linkerType.getField("C_POINTER").get(null));
        Object descriptor = descriptorType.getMethod("ofVoid", layouts.getClass())
            .invoke(null, layouts);
        Object linker = linkerType.getMethod("getInstance").invoke(null);
        MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle",
            addressableType, MethodType.class, descriptorType).invoke(linker, symbol.get(),
            MethodType.methodType(void.class, addressType, byte.class, addressType), descriptor);
        MethodHandle ofLong = java.lang.invoke.MethodHandles.publicLookup().findStatic(
            addressType, "ofLong", MethodType.methodType(addressType, long.class));
        return new Linked(handle, ofLong, context, null);
      } catch (java.lang.reflect.InvocationTargetException e) {
        return none("the foreign linker refused (" + e.getCause() + "; start the JVM with"
            + " --enable-native-access=ALL-UNNAMED)");
      } catch (ReflectiveOperationException | RuntimeException e) {
        return none("the foreign linker is not usable here: " + e);
      }
    }

    static Linked none(String reason) {
      return new Linked(null, null, null, reason);
    }
  }
}

package dev.kerasrnn.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.LoggerFactory;
import org.tensorflow.EagerSession;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Eager sessions that execute ops the way TensorFlow Python's eager context does: each op as a
 * one-op function ({@code TFE_ContextOptionsSetRunEagerOpAsFunction(opts, True)} in
 * {@code tensorflow/python/eager/context.py}). The function runtime runs the graph optimization
 * passes on that function, and with oneDNN on (TF_ENABLE_ONEDNN_OPTS=1) they give some ops
 * oneDNN kernels that a directly executed op does not get: measured on a Keras 3 GRU(128), TF
 * Python with the option off gives TF Java's plain eager bits, with it on (its default) the bits of
 * a graph. TF Java 1.1.0 has no binding for the option, so it is set by calling the native
 * {@code TFE_ContextSetRunEagerOpAsFunction} through Java 17's foreign linker, which needs
 * {@code --add-modules=jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} (the build, the
 * launcher and the examples pass them). Without them sessions still open, and {@link #reason()}
 * says why ops run directly.
 */
public final class EagerSessions {
  private static final String SYMBOL = "TFE_ContextSetRunEagerOpAsFunction";
  private static volatile Linked linked;

  private EagerSessions() {}

  /** A new eager session with {@code config}, its ops run as functions when possible. */
  public static EagerSession open(ConfigProto config) {
    EagerSession s = EagerSession.options().config(config).build();
    try {
      runOpsAsFunctions(s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** A new eager session with TensorFlow's default options, its ops run as functions. */
  public static EagerSession open() {
    return open(ConfigProto.getDefaultInstance());
  }

  /** Whether eager ops run as one-op functions in this JVM, as in TF Python. */
  public static boolean opsRunAsFunctions() {
    return link().handle != null;
  }

  /** Why eager ops run directly (null when they run as functions). */
  public static String reason() {
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
          if (l.handle == null && !"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"))) {
            // oneDNN may be on (TensorFlow's default on AVX-512 CPUs): eager bits can differ.
            LoggerFactory.getLogger(EagerSessions.class).warn("eager ops run directly, not as"
                + " one-op functions as in TF Python: {}; with oneDNN on, eager results can"
                + " differ from Keras's (compiled ones do not)", l.reason);
          }
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

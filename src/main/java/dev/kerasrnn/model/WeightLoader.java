package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasNames;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.io.LegacyLayerWeights;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.RecurrentLayer.WeightGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a model's weights from a Keras file as Keras's {@code model.load_weights} does: by
 * object path in a Keras 3 {@code .weights.h5} / {@code .keras} ({@code layers/<snake_case class
 * name>[_i]/...}, numbered in model order), by order in a legacy {@code .h5} (the layers that have
 * weights, in model order, against the file's layers that have weights, in file order).
 */
public final class WeightLoader {
  private WeightLoader() {}

  /**
   * One model layer: its Keras class name, its weights grouped by Keras 3 object path, and the
   * same weights in the order a legacy .h5 file lists them ({@code layer.weights}).
   */
  public record LayerWeights(String layerName, String className, List<WeightGroup> groups,
      List<Variable> legacyOrder, JsonNode configEntry) {
    public LayerWeights {
      groups = List.copyOf(groups);
      legacyOrder = List.copyOf(legacyOrder);
    }

    /**
     * A layer without its config entry: legacy weights are assigned as the file holds them, with
     * no tf-keras cuDNN conversion.
     */
    public LayerWeights(String layerName, String className, List<WeightGroup> groups,
        List<Variable> legacyOrder) {
      this(layerName, className, groups, legacyOrder, null);
    }

    /** A layer whose legacy order is its groups' variables, in group order. */
    public LayerWeights(String layerName, String className, List<WeightGroup> groups) {
      this(layerName, className, groups, flatten(groups));
    }

    /** A model layer: {@link Layer#weightGroups()} and {@link Layer#weights()}. */
    public static LayerWeights of(Layer layer, String className) {
      return new LayerWeights(layer.name(), className, layer.weightGroups(), layer.weights());
    }

    /**
     * A model layer and its config entry ({@code {"class_name", "config"}}), which tells the
     * tf-keras cuDNN conversion the target layer ({@link CudnnWeights}).
     */
    public static LayerWeights of(Layer layer, String className, JsonNode configEntry) {
      return new LayerWeights(layer.name(), className, layer.weightGroups(), layer.weights(),
          configEntry);
    }

    private static List<Variable> flatten(List<WeightGroup> groups) {
      List<Variable> out = new ArrayList<>();
      groups.forEach(g -> out.addAll(g.variables()));
      return out;
    }

    List<Variable> variables() {
      return legacyOrder;
    }
  }

  /**
   * Loads the weights of a model whose only weighted layer is {@code layer} (a SimpleRNN, LSTM,
   * GRU, RNN or Bidirectional saved by {@code model.save_weights} / {@code model.save}).
   */
  public static void load(Path file, RecurrentLayer layer) {
    load(file, List.of(new LayerWeights(layer.name(), layer.getClass().getSimpleName(),
        layer.weightGroups())));
  }

  /**
   * Assigns the weights of {@code layers} (every layer of the model, in model order, weightless
   * ones included since they take part in Keras 3 naming) from {@code file}.
   *
   * @throws WeightsException naming the file and layer if counts, names or shapes do not fit
   */
  public static void load(Path file, List<LayerWeights> layers) {
    try (KerasWeightsFile weights = KerasWeightsFile.open(file)) {
      load(weights, layers);
    }
  }

  /**
   * {@link #load(Path, List)} from a file already read, loading as the Keras of the file's
   * {@code keras_version} would (tf-keras if it has none).
   */
  public static void load(KerasWeightsFile weights, List<LayerWeights> layers) {
    load(weights, layers, null);
  }

  /**
   * {@link #load(Path, List)} from a file already read, loading as the Keras of {@code era}
   * (null: of the file's {@code keras_version}, tf-keras if it has none). A tf-keras load of a
   * legacy file converts CuDNNLSTM / CuDNNGRU weights for the layers whose config entry is
   * known, as tf-keras's {@code preprocess_weights_for_loading} ({@link CudnnWeights}); Keras 3
   * has no such conversion.
   */
  public static void load(KerasWeightsFile weights, List<LayerWeights> layers, KerasEra era) {
    Path file = weights.file();
    if (weights.format() == KerasWeightsFile.Format.KERAS_WEIGHTS_H5) {
      loadByPath(file, weights, layers);
    } else {
      loadByOrder(file, weights, layers, tfKeras(era, weights));
    }
  }

  private static boolean tfKeras(KerasEra era, KerasWeightsFile weights) {
    if (era != null) {
      return era == KerasEra.KERAS_2;
    }
    try {
      return weights.kerasVersion().map(KerasEra::fromVersion).orElse(KerasEra.KERAS_2)
          == KerasEra.KERAS_2;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void loadByPath(Path file, KerasWeightsFile weights, List<LayerWeights> layers) {
    Map<String, Integer> used = new HashMap<>();
    List<Runnable> assignments = new ArrayList<>();
    for (LayerWeights layer : layers) {
      String base = KerasNames.toSnakeCase(layer.className());
      int n = used.merge(base, 1, Integer::sum);
      String layerPath = "layers/" + (n == 1 ? base : base + "_" + (n - 1));
      for (WeightGroup g : layer.groups()) {
        String path = g.path().isEmpty() ? layerPath : layerPath + "/" + g.path();
        Optional<List<HostArray>> values = weights.vars(path);
        if (values.isEmpty() && !g.variables().isEmpty()) {
          throw new WeightsException("file '" + file + "': layer '" + layer.layerName()
              + "' expects weights at '" + path + "/vars', found none; the file has "
              + weights.objectsWithVars());
        }
        List<HostArray> v = values.orElse(List.of());
        check(file, layer.layerName(), path, g.variables(), v);
        assignments.add(() -> assign(g.variables(), v));
      }
    }
    assignments.forEach(Runnable::run);
  }

  private static void loadByOrder(Path file, KerasWeightsFile weights, List<LayerWeights> layers,
      boolean convertCudnn) {
    List<LegacyLayerWeights> fileLayers = new ArrayList<>();
    for (LegacyLayerWeights l : weights.legacyLayers()) {
      if (!l.weights().isEmpty()) {
        fileLayers.add(l);
      }
    }
    List<LayerWeights> modelLayers = new ArrayList<>();
    for (LayerWeights l : layers) {
      if (!l.variables().isEmpty()) {
        modelLayers.add(l);
      }
    }
    if (fileLayers.size() != modelLayers.size()) {
      throw new WeightsException("file '" + file + "': the model has " + modelLayers.size()
          + " layer(s) with weights " + names(modelLayers) + ", the file " + fileLayers.size()
          + " " + fileNames(fileLayers));
    }
    List<Runnable> assignments = new ArrayList<>();
    for (int i = 0; i < modelLayers.size(); i++) {
      List<HostArray> values = new ArrayList<>();
      fileLayers.get(i).weights().forEach(w -> values.add(w.value()));
      LayerWeights layer = modelLayers.get(i);
      String where = fileLayers.get(i).layerName();
      List<HostArray> converted = convertCudnn
          ? CudnnWeights.preprocess(CudnnWeights.Target.of(layer.configEntry()), values,
              "file '" + file + "', '" + where + "': layer '" + layer.layerName() + "'")
          : values;
      List<Variable> vars = layer.variables();
      check(file, layer.layerName(), where, vars, converted);
      assignments.add(() -> assign(vars, converted));
    }
    assignments.forEach(Runnable::run);
  }

  private static void check(Path file, String layer, String where, List<Variable> vars,
      List<HostArray> values) {
    if (vars.size() != values.size()) {
      throw new WeightsException("file '" + file + "', '" + where + "': layer '" + layer
          + "' expects " + vars.size() + " weights, found " + values.size());
    }
    for (int i = 0; i < vars.size(); i++) {
      Variable v = vars.get(i);
      HostArray a = values.get(i);
      if (!java.util.Arrays.equals(v.shape(), a.shape()) || v.dtype() != a.dtype()) {
        throw new WeightsException("file '" + file + "', '" + where + "': layer '" + layer
            + "' weight '" + v.path() + "' expects " + v.dtype() + HostArray.shapeString(v.shape())
            + ", found " + a.dtype() + HostArray.shapeString(a.shape()));
      }
    }
  }

  private static void assign(List<Variable> vars, List<HostArray> values) {
    for (int i = 0; i < vars.size(); i++) {
      vars.get(i).assign(values.get(i));
    }
  }

  private static List<String> names(List<LayerWeights> layers) {
    return layers.stream().map(LayerWeights::layerName).toList();
  }

  private static List<String> fileNames(List<LegacyLayerWeights> layers) {
    return layers.stream().map(LegacyLayerWeights::layerName).toList();
  }
}

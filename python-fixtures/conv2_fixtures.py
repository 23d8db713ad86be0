"""Whole-model cases for the convolution and pooling layers of issue 12 item 1:
GlobalAveragePooling2D/3D, GlobalMaxPooling2D/3D (keepdims, channels_first), DepthwiseConv1D/2D,
SeparableConv1D/2D (depth_multiplier, strides, dilation, both paddings), Conv1DTranspose and
Conv2DTranspose (strides, both paddings, output_padding), in CRNN-like models around recurrent
layers. Era difference built in: Keras 3's transposed convolutions do not save output_padding
(its get_config leaves it out, so a reloaded model differs), hence output_padding is only used
in tf-keras, as is SeparableConv1D's causal padding (Keras 3 hands "CAUSAL" to TF, which
fails). Tiny shapes. Each builder returns (model, [InputSpec, ...], [output name, ...]) like
model_fixtures.py's.
"""

from model_fixtures import InputSpec, _input


def _keras3(K):
    return K.__name__ == "keras"


def conv2_global_pool(K):
    """Functional: Conv2D(same, relu) -> GlobalAveragePooling2D -> Dense; the same features ->
    GlobalMaxPooling2D(keepdims) and GlobalAveragePooling2D(channels_first, keepdims); a volume
    -> Conv3D -> GlobalMaxPooling3D and GlobalAveragePooling3D(channels_first)."""
    x_spec = InputSpec("x", (2, 6, 5, 3), batch_in_model=False)
    v_spec = InputSpec("v", (2, 3, 4, 4, 2))
    L = K.layers
    x, v = _input(K, x_spec), _input(K, v_spec)
    h = L.Conv2D(4, 3, padding="same", activation="relu", name="conv")(x)
    avg = L.GlobalAveragePooling2D(name="gap")(h)
    probs = L.Dense(3, activation="softmax", name="probs")(avg)
    mx = L.GlobalMaxPooling2D(keepdims=True, name="gmp_keep")(h)
    first = L.GlobalAveragePooling2D(data_format="channels_first", keepdims=True,
                                     name="gap_first")(h)
    g = L.Conv3D(3, 2, name="conv3d")(v)
    mx3 = L.GlobalMaxPooling3D(name="gmp3d")(g)
    avg3 = L.GlobalAveragePooling3D(data_format="channels_first", name="gap3d_first")(g)
    return (K.Model([x, v], [probs, mx, first, mx3, avg3], name="conv2_global_pool"),
            [x_spec, v_spec], ["probs", "gmp_keep", "gap_first", "gmp3d", "gap3d_first"])


def conv2_crnn_depthwise(K):
    """CRNN: DepthwiseConv2D(depth_multiplier 2, strides 2, valid, relu) ->
    DepthwiseConv2D(dilation 2, same, no bias) -> SeparableConv2D(depth_multiplier 2, dilation
    (2, 1), same, tanh) -> SeparableConv2D(strides 2, valid) -> MaxPooling2D((1, 2)) -> Reshape
    to (time, features) -> Bidirectional(LSTM) -> Dense. (TF's depthwise kernel takes equal
    strides only.)"""
    x_spec = InputSpec("image", (2, 11, 9, 2))
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, activation="relu", name="dw_a"),
        L.DepthwiseConv2D((2, 3), dilation_rate=2, padding="same", use_bias=False, name="dw_b"),
        L.SeparableConv2D(3, 3, depth_multiplier=2, dilation_rate=(2, 1), padding="same",
                          activation="tanh", name="sep_a"),
        L.SeparableConv2D(4, 2, strides=2, name="sep_b"),
        L.MaxPooling2D((1, 2), name="pool"),
        L.Reshape((2, 4), name="to_seq"),
        L.Bidirectional(L.LSTM(3, name="lstm"), name="bidi"),
        L.Dense(2, name="logits"),
    ], name="conv2_crnn_depthwise")
    return model, [x_spec], ["logits"]


def conv2_seq1d(K):
    """1-D family around a GRU: DepthwiseConv1D(depth_multiplier 2, same, relu) ->
    DepthwiseConv1D(dilation 2, valid, no bias) -> SeparableConv1D(depth_multiplier 2, dilation
    2, same; causal in tf-keras, which Keras 3 cannot run) -> SeparableConv1D(strides 2, valid,
    no bias, relu) -> GRU(seq) -> Conv1DTranspose(strides 2, same, tanh) ->
    Conv1DTranspose(strides 2, valid, output_padding 1
    in tf-keras, no bias)."""
    x_spec = InputSpec("x", (2, 8, 3))
    L = K.layers
    pad = {} if _keras3(K) else {"output_padding": 1}
    sep_padding = "same" if _keras3(K) else "causal"
    model = K.Sequential([
        _input(K, x_spec),
        L.DepthwiseConv1D(3, depth_multiplier=2, padding="same", activation="relu",
                          name="dw_a"),
        L.DepthwiseConv1D(2, dilation_rate=2, use_bias=False, name="dw_b"),
        L.SeparableConv1D(4, 3, depth_multiplier=2, dilation_rate=2, padding=sep_padding,
                          name="sep_a"),
        L.SeparableConv1D(4, 3, strides=2, use_bias=False, activation="relu", name="sep_b"),
        L.GRU(4, return_sequences=True, name="gru"),
        L.Conv1DTranspose(3, 3, strides=2, padding="same", activation="tanh", name="up_a"),
        L.Conv1DTranspose(2, 2, strides=2, use_bias=False, name="up_b", **pad),
    ], name="conv2_seq1d")
    return model, [x_spec], ["up_b"]


def conv2_transpose2d(K):
    """Decoder: Conv2DTranspose(strides 2, same, relu) -> Conv2DTranspose(kernel (2, 3), strides
    (1, 2), valid, output_padding (0, 1) in tf-keras, no bias) -> Conv2DTranspose(kernel 3,
    sigmoid; valid in Keras 3, dilation 2 and same in tf-keras, whose atrous route Keras 3's CPU
    kernel cannot run) -> GlobalAveragePooling2D -> Dense."""
    x_spec = InputSpec("z", (2, 3, 3, 2), batch_in_model=False)
    L = K.layers
    pad = {} if _keras3(K) else {"output_padding": (0, 1)}
    atrous = {} if _keras3(K) else {"dilation_rate": 2, "padding": "same"}
    model = K.Sequential([
        _input(K, x_spec),
        L.Conv2DTranspose(3, 3, strides=2, padding="same", activation="relu", name="up_a"),
        L.Conv2DTranspose(2, (2, 3), strides=(1, 2), use_bias=False, name="up_b", **pad),
        L.Conv2DTranspose(2, 3, activation="sigmoid", name="up_c", **atrous),
        L.GlobalAveragePooling2D(name="gap"),
        L.Dense(2, name="out"),
    ], name="conv2_transpose2d")
    return model, [x_spec], ["out"]


CONV2_ARCHITECTURES = {
    "conv2-global-pool": conv2_global_pool,
    "conv2-crnn-depthwise": conv2_crnn_depthwise,
    "conv2-seq1d": conv2_seq1d,
    "conv2-transpose2d": conv2_transpose2d,
}

"""Whole-model cases for the convolutional recurrent family (issue 9 items 1 and 2):
ConvLSTM1D / ConvLSTM2D / ConvLSTM3D with their options, and the layers around them in keras-io's
next-frame model (examples/vision/conv_lstm.py: 3x ConvLSTM2D + BatchNormalization + Conv3D):
Conv2D, Conv3D, BatchNormalization on 4-D / 5-D input, MaxPooling2D/3D, AveragePooling2D/3D.
Tiny shapes. Each builder returns (model, [InputSpec, ...], [output name, ...]) like
model_fixtures.py's.
"""

from model_fixtures import InputSpec, _input


def convlstm2d_next_frame(K):
    """keras-io next-frame prediction, tiny: frames (None, 6, 6, 1), time None in the model;
    ConvLSTM2D(5x5, same, relu, seq) -> BN -> ConvLSTM2D(3x3) -> BN -> ConvLSTM2D(1x1) -> Conv3D
    (3x3x3, sigmoid, same)."""
    x_spec = InputSpec("frames", (2, 4, 6, 6, 1), batch_in_model=False, time_in_model=False)
    L = K.layers
    x = _input(K, x_spec)
    h = L.ConvLSTM2D(3, (5, 5), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_1")(x)
    h = L.BatchNormalization(name="bn_1")(h)
    h = L.ConvLSTM2D(3, (3, 3), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_2")(h)
    h = L.BatchNormalization(name="bn_2")(h)
    h = L.ConvLSTM2D(3, (1, 1), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_3")(h)
    y = L.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same", name="next_frame")(h)
    return K.Model(x, y, name="convlstm2d_next_frame"), [x_spec], ["next_frame"]


def convlstm2d_options(K):
    """Sequential: ConvLSTM2D(kernel (2, 3), strides (1, 2), valid, relu / hard_sigmoid, seq,
    go_backwards, dropout and recurrent_dropout) -> ConvLSTM2D(same, dilation 2, no bias,
    unit_forget_bias False, elu / softsign) -> Flatten -> Dense."""
    x_spec = InputSpec("x", (3, 3, 5, 7, 2))
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.ConvLSTM2D(3, (2, 3), strides=(1, 2), activation="relu",
                     recurrent_activation="hard_sigmoid", return_sequences=True,
                     go_backwards=True, dropout=0.25, recurrent_dropout=0.25, name="strided"),
        L.ConvLSTM2D(2, 3, padding="same", dilation_rate=2, use_bias=False,
                     unit_forget_bias=False, activation="elu", recurrent_activation="softsign",
                     name="dilated"),
        L.Flatten(name="flatten"),
        L.Dense(2, name="output"),
    ], name="convlstm2d_options")
    return model, [x_spec], ["output"]


def convlstm2d_state(K):
    """Functional encoder-decoder: ConvLSTM2D(return_state) encoder, its [h, c] the
    initial_state of a ConvLSTM2D decoder (seq, same, unit_forget_bias, tanh / sigmoid); the
    encoder's c is a second output."""
    enc_spec = InputSpec("enc", (2, 3, 4, 4, 2), batch_in_model=False)
    dec_spec = InputSpec("dec", (2, 2, 4, 4, 1), batch_in_model=False)
    L = K.layers
    enc, dec = _input(K, enc_spec), _input(K, dec_spec)
    _, h, c = L.ConvLSTM2D(3, 3, padding="same", return_state=True, name="encoder")(enc)
    out = L.ConvLSTM2D(3, 3, padding="same", return_sequences=True, recurrent_activation="sigmoid",
                       name="decoder")(dec, initial_state=[h, c])
    state = L.Activation("linear", name="encoder_c")(c)
    return (K.Model([enc, dec], [out, state], name="convlstm2d_state"), [enc_spec, dec_spec],
            ["decoder", "encoder_c"])


def convlstm2d_bidi(K):
    """Functional: Bidirectional(ConvLSTM2D(same, seq), concat) -> Bidirectional(ConvLSTM2D,
    sum, return_state) whose merged output and forward c are the outputs."""
    x_spec = InputSpec("x", (2, 3, 4, 4, 1), batch_in_model=False)
    L = K.layers
    x = _input(K, x_spec)
    seq = L.Bidirectional(L.ConvLSTM2D(2, 3, padding="same", return_sequences=True,
                                       name="conv_lstm"), name="bidi_seq")(x)
    last, _, fc, _, _ = L.Bidirectional(L.ConvLSTM2D(2, 2, return_state=True, name="conv_lstm"),
                                        merge_mode="sum", name="bidi_last")(seq)
    state = L.Activation("linear", name="forward_c")(fc)
    out = L.Activation("linear", name="merged")(last)
    return (K.Model(x, [out, state], name="convlstm2d_bidi"), [x_spec], ["merged", "forward_c"])


def convlstm2d_mask(K):
    """keras-io video_classification.py's explicit mask on ConvLSTMs: ConvLSTM2D(x, mask=m) (seq;
    a masked step keeps the states and repeats the previous output), ConvLSTM2D(go_backwards)
    with the same mask, and Bidirectional(ConvLSTM1D)(y, mask=m)."""
    x_spec = InputSpec("x", (3, 4, 3, 3, 1), mask_pattern="mixed")
    m_spec = InputSpec("m", (3, 4), "bool", mask_pattern="mixed")
    y_spec = InputSpec("y", (3, 4, 5, 2), mask_pattern="mixed")
    L = K.layers
    x, m, y = _input(K, x_spec), _input(K, m_spec), _input(K, y_spec)
    h = L.ConvLSTM2D(2, 2, padding="same", return_sequences=True, name="masked_seq")(x, mask=m)
    last = L.ConvLSTM2D(2, 2, go_backwards=True, name="masked_last")(h, mask=m)
    bidi = L.Bidirectional(L.ConvLSTM1D(2, 2, padding="same", name="conv_lstm"),
                           name="bidi")(y, mask=m)
    return (K.Model([x, m, y], [last, bidi], name="convlstm2d_mask"), [x_spec, m_spec, y_spec],
            ["masked_last", "bidi"])


def convlstm1d_acts(K):
    """Sequential of ConvLSTM1D layers, one activation pair each (every built-in of both eras
    between them, both hard_sigmoids), kernel / strides / dilation / padding variants."""
    x_spec = InputSpec("x", (2, 3, 8, 2))
    L = K.layers
    pairs = [("relu", "hard_sigmoid"), ("elu", "sigmoid"), ("selu", "softplus"),
             ("softsign", "tanh"), ("swish", "linear"), ("gelu", "hard_sigmoid"),
             ("softplus", "sigmoid"), ("linear", "relu"), ("leaky_relu", "sigmoid"),
             ("mish", "hard_sigmoid"), ("exponential", "sigmoid"), ("tanh", "silu")]
    layers = [_input(K, x_spec)]
    for n, (act, rec) in enumerate(pairs):
        kwargs = {"padding": "same"}
        if n == 1:
            kwargs = {"padding": "same", "dilation_rate": 2}
        if n == 2:
            kwargs = {"padding": "valid", "strides": 2, "kernel_size": 1}
        layers.append(L.ConvLSTM1D(2, kwargs.pop("kernel_size", 3), activation=act,
                                   recurrent_activation=rec, return_sequences=n < len(pairs) - 1,
                                   name=f"conv_lstm_{n}", **kwargs))
    layers.append(L.Flatten(name="flatten"))
    model = K.Sequential(layers, name="convlstm1d_acts")
    return model, [x_spec], ["flatten"]


def convlstm3d(K):
    """Sequential: ConvLSTM3D(same, seq) -> ConvLSTM3D(valid, go_backwards, dilation 1)."""
    x_spec = InputSpec("x", (2, 2, 3, 4, 4, 1))
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.ConvLSTM3D(2, 2, padding="same", return_sequences=True, name="conv_lstm_a"),
        L.ConvLSTM3D(2, (2, 3, 3), go_backwards=True, name="conv_lstm_b"),
    ], name="convlstm3d")
    return model, [x_spec], ["conv_lstm_b"]


def conv2d_pool_bn(K):
    """Sequential on images: Conv2D(same, relu) -> BatchNormalization -> MaxPooling2D ->
    Conv2D(dilation 2, same, no bias) -> AveragePooling2D(same, strides 1) -> Conv2D(strides 2)
    -> BatchNormalization(center False, scale False) -> MaxPooling2D(same)."""
    x_spec = InputSpec("x", (2, 9, 9, 2), batch_in_model=False)
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.Conv2D(3, 3, padding="same", activation="relu", name="conv_a"),
        L.BatchNormalization(name="bn_a"),
        L.MaxPooling2D(name="max_a"),
        L.Conv2D(3, (2, 3), padding="same", dilation_rate=2, use_bias=False, name="conv_b"),
        L.AveragePooling2D(pool_size=(2, 3), strides=1, padding="same", name="avg_b"),
        L.Conv2D(2, 2, strides=(2, 1), activation="tanh", name="conv_c"),
        L.BatchNormalization(center=False, scale=False, name="bn_c"),
        L.MaxPooling2D(pool_size=2, padding="same", name="max_c"),
    ], name="conv2d_pool_bn")
    return model, [x_spec], ["max_c"]


def conv3d_pool_bn(K):
    """Sequential on volumes: Conv3D(same) -> BatchNormalization -> MaxPooling3D(same) ->
    Conv3D(valid, dilation 2) -> AveragePooling3D -> BatchNormalization(epsilon 0.01)."""
    x_spec = InputSpec("x", (2, 6, 6, 6, 2))
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.Conv3D(3, 3, padding="same", activation="relu", name="conv_a"),
        L.BatchNormalization(name="bn_a"),
        L.MaxPooling3D(pool_size=(2, 2, 1), padding="same", name="max_a"),
        L.Conv3D(2, (1, 2, 2), dilation_rate=(1, 1, 2), name="conv_b"),
        L.AveragePooling3D(pool_size=(1, 2, 2), strides=(1, 1, 2), name="avg_b"),
        L.BatchNormalization(epsilon=0.01, name="bn_b"),
    ], name="conv3d_pool_bn")
    return model, [x_spec], ["bn_b"]


def convlstm_channels_first(K):
    """tf-keras with data_format channels_first (its CPU backend transposes to channels_last
    around each convolution and adds the bias in NCHW): ConvLSTM2D(same, seq) ->
    Bidirectional(ConvLSTM2D(valid, strides 2, sum)) on frames (time, channels, rows, cols);
    ConvLSTM1D(dilation 2, return_state) on (time, channels, steps); ConvLSTM3D(no bias) on
    (time, channels, d1, d2, d3). Keras 3 cannot run channels_first ConvLSTMs on a CPU
    (ConvLSTM1D/2D fail, 3D goes through XLA), so its copy is the same model channels_last."""
    first = K.__name__ != "keras"
    fmt = "channels_first" if first else "channels_last"

    def shape(batch, time, channels, *spatial):
        return (batch, time, channels, *spatial) if first else (batch, time, *spatial, channels)

    a_spec = InputSpec("frames", shape(2, 3, 2, 5, 6), batch_in_model=False)
    b_spec = InputSpec("steps", shape(2, 4, 2, 7), batch_in_model=False)
    c_spec = InputSpec("volumes", shape(2, 2, 1, 3, 3, 4), batch_in_model=False)
    L = K.layers
    a, b, c = _input(K, a_spec), _input(K, b_spec), _input(K, c_spec)
    h = L.ConvLSTM2D(2, 3, padding="same", return_sequences=True, data_format=fmt,
                     name="cf_seq")(a)
    h = L.Bidirectional(L.ConvLSTM2D(2, (2, 3), strides=2, data_format=fmt, name="conv_lstm"),
                        merge_mode="sum", name="cf_bidi")(h)
    out1, _, c1 = L.ConvLSTM1D(3, 2, dilation_rate=2, return_state=True, data_format=fmt,
                               name="cf_1d")(b)
    out3 = L.ConvLSTM3D(2, 2, use_bias=False, data_format=fmt, name="cf_3d")(c)
    flat = L.Concatenate(name="concat")([L.Flatten(name="flat_2d")(h),
                                         L.Flatten(name="flat_1d")(out1),
                                         L.Flatten(name="flat_3d")(out3)])
    state = L.Activation("linear", name="state_1d")(c1)
    return (K.Model([a, b, c], [flat, state], name="convlstm_channels_first"),
            [a_spec, b_spec, c_spec], ["concat", "state_1d"])


def convlstm_stateful(K):
    """Stateful ConvLSTMs inside a model, batch 2 in the model: ConvLSTM2D(same, seq, stateful)
    -> BatchNormalization -> Bidirectional(ConvLSTM2D(valid, stateful)) -> Flatten -> Dense."""
    x_spec = InputSpec("x", (2, 3, 4, 4, 1))
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.ConvLSTM2D(2, 3, padding="same", return_sequences=True, stateful=True, name="conv_a"),
        L.BatchNormalization(name="bn"),
        L.Bidirectional(L.ConvLSTM2D(2, 2, stateful=True, name="conv_lstm"), name="bidi_b"),
        L.Flatten(name="flatten"),
        L.Dense(2, name="output"),
    ], name="convlstm_stateful")
    return model, [x_spec], ["output"]


CONV_ARCHITECTURES = {
    "convlstm2d-next-frame": convlstm2d_next_frame,
    "convlstm2d-options": convlstm2d_options,
    "convlstm2d-state": convlstm2d_state,
    "convlstm2d-bidi": convlstm2d_bidi,
    "convlstm2d-mask": convlstm2d_mask,
    "convlstm1d-acts": convlstm1d_acts,
    "convlstm3d": convlstm3d,
    "conv2d-pool-bn": conv2d_pool_bn,
    "conv3d-pool-bn": conv3d_pool_bn,
    "convlstm-channels-first": convlstm_channels_first,
}
# Stateful ConvLSTMs (model_fixtures.py records them as its STATEFUL_ARCHITECTURES).
CONV_STATEFUL_ARCHITECTURES = {
    "convlstm-stateful": convlstm_stateful,
}

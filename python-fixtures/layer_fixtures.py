"""Whole-model cases for the activation, merge, preprocessing, regularization and reshaping layers
of issue 12 (items 3, 4, 5 and the reshaping part of item 1), each model built around recurrent
layers, several layers per model to keep the case count small. Era differences are built in: the
slope of LeakyReLU is `negative_slope` in Keras 3 and `alpha` in tf-keras; Keras 3's ELU does not
save its alpha (so its ELU keeps the default); ThresholdedReLU exists in tf-keras only; tf-keras's
Normalization and Rescaling drop the mask that Keras 3's pass on.

Each builder returns (model, [InputSpec, ...], [output name, ...]) like model_fixtures.py's.
"""

import numpy as np

from model_fixtures import InputSpec, _input


def _keras3(K):
    return K.__name__ == "keras"


def seq_activations(K):
    """Sequential: Masking -> Dense -> PReLU(shared_axes=[1]) -> ReLU(max_value, negative_slope,
    threshold) -> LSTM(seq), the mask reaching it through both, -> LeakyReLU -> ELU ->
    [ThresholdedReLU, tf-keras only] -> ReLU(max_value=6) -> ReLU(threshold, max_value) -> GRU ->
    Dense -> ReLU(negative_slope) -> PReLU -> Softmax."""
    x = InputSpec("x", (4, 6, 3), mask_pattern="mixed")
    L = K.layers
    keras3 = _keras3(K)
    leaky = {"negative_slope": 0.2} if keras3 else {"alpha": 0.2}
    elu = {} if keras3 else {"alpha": 0.5}
    layers = [
        _input(K, x),
        L.Masking(0.0, name="masking"),
        L.Dense(5, name="dense_in"),
        L.PReLU(shared_axes=[1], name="prelu_shared"),
        L.ReLU(max_value=2.5, negative_slope=0.1, threshold=0.2, name="relu_full"),
        L.LSTM(4, return_sequences=True, name="lstm"),
        L.LeakyReLU(name="leaky_relu", **leaky),
        L.ELU(name="elu", **elu),
    ]
    if not keras3:
        layers.append(L.ThresholdedReLU(theta=0.1, name="thresholded_relu"))
    layers += [
        L.ReLU(max_value=6.0, name="relu6"),
        L.ReLU(max_value=1.5, threshold=0.05, name="relu_threshold"),
        L.GRU(4, name="gru"),
        L.Dense(4, name="dense_out"),
        L.ReLU(negative_slope=0.3, name="relu_leaky"),
        L.PReLU(name="prelu"),
        L.Softmax(name="softmax"),
    ]
    return K.Sequential(layers, name="seq_activations"), [x], ["softmax"]


def func_merge_attention(K):
    """Functional: two Masking inputs through one shared LSTM(seq); Subtract, Maximum (of three)
    and Minimum of the masked sequences into a GRU and a SimpleRNN; dot-product attention with
    Dot(axes=(2, 1)), Softmax called with an explicit mask, Dot(axes=(1, 1)); a cosine
    Dot(normalize=True); Dot(axes=2) of the two sequences -> Softmax(axis=1) -> Flatten ->
    Dense."""
    a_spec = InputSpec("a", (3, 5, 4), mask_pattern="right")
    b_spec = InputSpec("b", (3, 5, 4), mask_pattern="left")
    m_spec = InputSpec("m", (3, 5), "bool", mask_pattern="holes")
    L = K.layers
    a, b, m = _input(K, a_spec), _input(K, b_spec), _input(K, m_spec)
    ma, mb = L.Masking(0.0, name="masking_a")(a), L.Masking(0.0, name="masking_b")(b)
    shared = L.LSTM(4, return_sequences=True, name="shared_lstm")
    ya, yb = shared(ma), shared(mb)
    sub = L.Subtract(name="subtract")([ya, yb])
    mx = L.Maximum(name="maximum")([ya, yb, sub])
    mn = L.Minimum(name="minimum")([ya, yb])
    out_max = L.GRU(3, name="gru_max")(mx)
    out_min = L.SimpleRNN(2, name="rnn_min")(mn)
    q = L.GRU(4, name="query")(mb)
    scores = L.Dot(axes=(2, 1), name="scores")([ya, q])                  # (5,)
    weights = L.Softmax(name="attention")(scores, mask=m)
    context = L.Dot(axes=(1, 1), name="context")([weights, ya])           # (4,)
    cosine = L.Dot(axes=-1, normalize=True, name="cosine")([context, q])  # (1,)
    pair = L.Dot(axes=2, name="pair")([ya, yb])                          # (5, 5)
    pair = L.Softmax(axis=1, name="pair_softmax")(pair)
    out_pair = L.Dense(2, name="out_pair")(L.Flatten(name="flatten")(pair))
    model = K.Model([a, b, m], [out_max, out_min, cosine, out_pair], name="func_merge_attention")
    return model, [a_spec, b_spec, m_spec], ["gru_max", "rnn_min", "cosine", "out_pair"]


def func_merge_masks(K):
    """Functional: Subtract, Maximum and Minimum of masked sequences (two Masking inputs through
    one shared LSTM, a third sequence unmasked), each into a recurrent layer; Keras 3 applies the
    masks inside Maximum and Minimum, tf-keras ANDs them."""
    a_spec = InputSpec("a", (3, 5, 4), mask_pattern="right")
    b_spec = InputSpec("b", (3, 5, 4), mask_pattern="left")
    c_spec = InputSpec("c", (3, 5, 4))
    L = K.layers
    a, b, c = _input(K, a_spec), _input(K, b_spec), _input(K, c_spec)
    ma, mb = L.Masking(0.0, name="masking_a")(a), L.Masking(0.0, name="masking_b")(b)
    shared = L.LSTM(4, return_sequences=True, name="shared_lstm")
    ya, yb = shared(ma), shared(mb)
    yc = L.LSTM(4, return_sequences=True, name="lstm_c")(c)
    sub = L.Subtract(name="subtract")([ya, yb])
    mx = L.Maximum(name="maximum")([ya, yb, sub])
    mn = L.Minimum(name="minimum")([ya, yc])
    out_sub = L.GRU(3, name="gru_sub")(sub)
    out_max = L.GRU(3, name="gru_max")(mx)
    out_min = L.SimpleRNN(2, name="rnn_min")(mn)
    model = K.Model([a, b, c], [out_sub, out_max, out_min], name="func_merge_masks")
    return model, [a_spec, b_spec, c_spec], ["gru_sub", "gru_max", "rnn_min"]


def _adapt_data(shape):
    return np.random.RandomState(12).normal(1.0, 2.0, size=shape).astype(np.float32)


def seq_preprocess(K):
    """Sequential: Masking -> Normalization (adapted: mean/variance/count weights) -> Rescaling ->
    GaussianDropout -> AlphaDropout -> ActivityRegularization -> LSTM(seq) (masked under Keras 3
    only: tf-keras's Normalization drops the mask) -> Normalization(mean=, variance=, invert) ->
    SpatialDropout1D -> GRU -> Dense."""
    x = InputSpec("x", (4, 6, 3), mask_pattern="mixed", batch_in_model=False)
    L = K.layers
    norm = L.Normalization(axis=-1, name="normalization")
    model = K.Sequential([
        _input(K, x),
        L.Masking(0.0, name="masking"),
        norm,
        L.Rescaling(0.5, offset=-0.25, name="rescaling"),
        L.GaussianDropout(0.3, name="gaussian_dropout"),
        L.AlphaDropout(0.2, name="alpha_dropout"),
        L.ActivityRegularization(l1=0.01, l2=0.02, name="activity_regularization"),
        L.LSTM(4, return_sequences=True, name="lstm"),
        L.Normalization(axis=-1, mean=[0.1, -0.2, 0.3, 0.05], variance=[0.5, 1.5, 2.0, 0.25],
                        invert=True, name="denormalization"),
        L.GRU(3, name="gru"),
        L.Dense(2, name="output"),
    ], name="seq_preprocess")
    norm.adapt(_adapt_data((20, 6, 3)))
    return model, [x], ["output"]


def func_pad_crop_upsample(K):
    """Functional: ZeroPadding1D -> LSTM(seq) -> Cropping1D -> UpSampling1D -> GRU(seq) ->
    Reshape to 4-D -> ZeroPadding2D -> Cropping2D -> UpSampling2D -> SpatialDropout2D -> Reshape
    to 5-D -> SpatialDropout3D -> Reshape -> Permute (4-D) -> Reshape to 3-D -> SimpleRNN ->
    Dense, and Flatten of the 4-D tensor -> Dense as a second output."""
    x_spec = InputSpec("x", (3, 5, 3), batch_in_model=False)
    L = K.layers
    x = _input(K, x_spec)
    h = L.ZeroPadding1D((1, 2), name="zero_padding_1d")(x)                 # (8, 3)
    h = L.LSTM(4, return_sequences=True, name="lstm")(h)
    h = L.Cropping1D((2, 1), name="cropping_1d")(h)                        # (5, 4)
    h = L.UpSampling1D(2, name="up_sampling_1d")(h)                        # (10, 4)
    h = L.GRU(3, return_sequences=True, name="gru")(h)                     # (10, 3)
    h = L.Reshape((10, 3, 1), name="to_4d")(h)
    h = L.ZeroPadding2D(((1, 0), (0, 2)), name="zero_padding_2d")(h)       # (11, 5, 1)
    h = L.Cropping2D(((2, 1), (1, 1)), name="cropping_2d")(h)              # (8, 3, 1)
    h = L.UpSampling2D((1, 2), name="up_sampling_2d")(h)                   # (8, 6, 1)
    h = L.SpatialDropout2D(0.2, name="spatial_dropout_2d")(h)
    h5 = L.Reshape((8, 6, 1, 1), name="to_5d")(h)
    h5 = L.SpatialDropout3D(0.2, name="spatial_dropout_3d")(h5)
    h = L.Reshape((8, 6, 1), name="back_to_4d")(h5)
    p = L.Permute((2, 1, 3), name="permute")(h)                            # (6, 8, 1)
    p = L.Reshape((6, 8), name="to_3d")(p)
    out = L.Dense(2, name="out")(L.SimpleRNN(3, name="simple_rnn")(p))
    flat = L.Dense(2, name="out_flat")(L.Flatten(name="flatten")(h))
    model = K.Model(x, [out, flat], name="func_pad_crop_upsample")
    return model, [x_spec], ["out", "out_flat"]


LAYER_ARCHITECTURES = {
    "seq-activations": seq_activations,
    "func-merge-attention": func_merge_attention,
    "func-merge-masks": func_merge_masks,
    "seq-preprocess": seq_preprocess,
    "func-pad-crop-upsample": func_pad_crop_upsample,
}

"""Whole-model cases of TimeDistributed over any layer and over nested models (issue 12 item 1):
keras-io's CNN-LSTM / CRNN shapes (TimeDistributed(Conv2D) -> TimeDistributed(MaxPooling2D) ->
TimeDistributed(Flatten) -> LSTM), the layers that take a mask under TimeDistributed, and a
nested Sequential as the wrapped layer.

Keras 3 loops over a static time axis and calls the inner layer's `call` per step (the step's
mask slice goes to layers whose call takes a mask); tf-keras reshapes to (batch * time, ...) for
built-in layers and nested models alike and asks the inner layer's `compute_mask` for the output
mask. Tiny shapes. Each builder returns (model, [InputSpec, ...], [output name, ...]) like
model_fixtures.py's.
"""

from model_fixtures import InputSpec, _input


def td_cnn_lstm(K):
    """Sequential video model, batch None: TimeDistributed over Conv2D(relu) -> BatchNormalization
    -> MaxPooling2D -> Flatten -> Dropout, then LSTM(4) -> Dense(2)."""
    x_spec = InputSpec("frames", (2, 3, 6, 6, 2), batch_in_model=False)
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.TimeDistributed(L.Conv2D(3, 3, activation="relu", name="conv"), name="td_conv"),
        L.TimeDistributed(L.BatchNormalization(name="bn"), name="td_bn"),
        L.TimeDistributed(L.MaxPooling2D(2, name="pool"), name="td_pool"),
        L.TimeDistributed(L.Flatten(name="flatten"), name="td_flatten"),
        L.TimeDistributed(L.Dropout(0.3, name="drop"), name="td_drop"),
        L.LSTM(4, name="lstm"),
        L.Dense(2, name="output"),
    ], name="td_cnn_lstm")
    return model, [x_spec], ["output"]


def td_crnn(K):
    """Functional, batch 2 in the model: TimeDistributed over Conv1D(same, tanh) ->
    SimpleRNN(3, seq) -> GlobalAveragePooling1D -> Dense(3) -> GRU(3, seq) ->
    TimeDistributed(Dense(2)) `out`."""
    x_spec = InputSpec("x", (2, 4, 5, 2))
    L = K.layers
    x = _input(K, x_spec)
    h = L.TimeDistributed(L.Conv1D(3, 2, padding="same", activation="tanh", name="conv"),
                          name="td_conv")(x)
    h = L.TimeDistributed(L.SimpleRNN(3, return_sequences=True, name="rnn"), name="td_rnn")(h)
    h = L.TimeDistributed(L.GlobalAveragePooling1D(name="gap"), name="td_gap")(h)
    h = L.TimeDistributed(L.Dense(3, name="dense"), name="td_dense")(h)
    h = L.GRU(3, return_sequences=True, name="gru")(h)
    out = L.TimeDistributed(L.Dense(2, name="head"), name="out")(h)
    return K.Model(x, out, name="td_crnn"), [x_spec], ["out"]


def td_mask(K):
    """Sequential over Embedding(mask_zero) ids: the mask into TimeDistributed(BatchNormalization)
    (whose call takes a mask) -> TimeDistributed(Dense) -> TimeDistributed(Dropout) -> LSTM(3)."""
    ids = InputSpec("ids", (2, 4), "int32", ids=9, mask_pattern="mixed", batch_in_model=False)
    L = K.layers
    model = K.Sequential([
        _input(K, ids),
        L.Embedding(9, 3, mask_zero=True, name="embed"),
        L.TimeDistributed(L.BatchNormalization(name="bn"), name="td_bn"),
        L.TimeDistributed(L.Dense(3, activation="tanh", name="dense"), name="td_dense"),
        L.TimeDistributed(L.Dropout(0.2, name="drop"), name="td_drop"),
        L.LSTM(3, name="lstm"),
    ], name="td_mask")
    return model, [ids], ["lstm"]


def td_nested(K):
    """Functional, batch None: TimeDistributed over a nested Sequential frame encoder [Input,
    Conv2D(relu), Flatten, Dense(3)] -> LSTM(3, seq) -> TimeDistributed over a nested Functional
    (Input -> Dense(2, tanh) -> BatchNormalization) `out`."""
    x_spec = InputSpec("frames", (2, 3, 5, 5, 2), batch_in_model=False)
    L = K.layers
    encoder = K.Sequential([
        K.Input((5, 5, 2)),
        L.Conv2D(2, 3, activation="relu", name="enc_conv"),
        L.Flatten(name="enc_flatten"),
        L.Dense(3, name="enc_dense"),
    ], name="encoder")
    i = K.Input((3,), name="head_x")
    head = K.Model(i, L.BatchNormalization(name="head_bn")(
        L.Dense(2, activation="tanh", name="head_dense")(i)), name="head")
    x = _input(K, x_spec)
    h = L.TimeDistributed(encoder, name="td_encoder")(x)
    h = L.LSTM(3, return_sequences=True, name="lstm")(h)
    out = L.TimeDistributed(head, name="out")(h)
    return K.Model(x, out, name="td_nested"), [x_spec], ["out"]


def nestmask_func(K):
    """Masks into and out of nested models (issue 9 item 5), Functional, batch None:
    Embedding(mask_zero) ids -> nested Sequential [Input, LSTM(3, seq), LSTM(2)] `enc` (a mask
    into a nested model); x -> nested Functional (Input -> Masking -> Dense(3, tanh)) ->
    GRU(2) `gru` (Masking's mask out of the nested model); a nested Functional (Input ->
    GRU(2, seq) -> Dense(2)) called with mask=m -> LSTM(2) `explicit` (an explicit mask in, its
    mask carried out through the inner GRU and Dense)."""
    ids = InputSpec("ids", (2, 4), "int32", ids=9, mask_pattern="mixed", batch_in_model=False)
    x_spec = InputSpec("x", (2, 4, 3), mask_pattern="right", batch_in_model=False)
    m_spec = InputSpec("m", (2, 4), "bool", mask_pattern="left", batch_in_model=False)
    L = K.layers
    enc = K.Sequential([
        K.Input((4, 3)),
        L.LSTM(3, return_sequences=True, name="enc_lstm_seq"),
        L.LSTM(2, name="enc_lstm"),
    ], name="enc")
    mi = K.Input((4, 3), name="masker_x")
    masker = K.Model(mi, L.Dense(3, activation="tanh", name="masker_dense")(
        L.Masking(0.0, name="masker_masking")(mi)), name="masker")
    si = K.Input((4, 3), name="seq_x")
    seq = K.Model(si, L.Dense(2, name="seq_dense")(
        L.GRU(2, return_sequences=True, name="seq_gru")(si)), name="seq")
    i, x, m = _input(K, ids), _input(K, x_spec), _input(K, m_spec)
    e = enc(L.Embedding(9, 3, mask_zero=True, name="embed")(i))
    g = L.GRU(2, name="gru")(masker(x))
    explicit = L.LSTM(2, name="explicit")(seq(x, mask=m))
    model = K.Model([i, x, m], [e, g, explicit], name="nestmask_func")
    return model, [ids, x_spec, m_spec], ["enc", "gru", "explicit"]


def nestmask_seq(K):
    """Sequential over Embedding(mask_zero) ids -> nested Sequential [Input, LSTM(3, seq),
    Dense(3)] -> GRU(2): the mask into the nested model and, carried by its LSTM and Dense, out
    into the GRU."""
    ids = InputSpec("ids", (2, 4), "int32", ids=9, mask_pattern="holes", batch_in_model=False)
    L = K.layers
    inner = K.Sequential([
        K.Input((4, 3)),
        L.LSTM(3, return_sequences=True, name="inner_lstm"),
        L.Dense(3, name="inner_dense"),
    ], name="inner")
    model = K.Sequential([
        _input(K, ids),
        L.Embedding(9, 3, mask_zero=True, name="embed"),
        inner,
        L.GRU(2, name="gru"),
    ], name="nestmask_seq")
    return model, [ids], ["gru"]


TD_ARCHITECTURES = {
    "td-cnn-lstm": td_cnn_lstm,
    "td-crnn": td_crnn,
    "td-mask": td_mask,
    "td-nested": td_nested,
    "nestmask-func": nestmask_func,
    "nestmask-seq": nestmask_seq,
}

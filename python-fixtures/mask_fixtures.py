"""Whole-model cases for every mask path (issue 9): explicit boolean mask inputs (`layer(x,
mask=m)`, keras-io's video_classification.py shape), an explicit mask overriding the one a
`Masking` layer attached, masks passed to the non-recurrent layers that take one
(`TimeDistributed`, `BatchNormalization`, `GlobalAveragePooling1D`), masks merged by
`Concatenate` / `Add` / `Multiply` / `Average`, masks carried through the layers that pass them
on and dropped by the ones that do not, `Bidirectional` and `initial_state` with a mask.

The two eras propagate an explicit mask differently: tf-keras gives a layer's outputs the mask of
the call (`base_layer._get_input_masks`: an explicit `mask=` is the `previous_mask` of
`compute_mask`), Keras 3 the mask of the first argument (`Layer.__call__`, "Set masks on
outputs"), so downstream layers see the explicit mask only under tf-keras. Every architecture is
built so that the two rules give different outputs.

Each builder returns (model, [InputSpec, ...], [output name, ...]) like model_fixtures.py's.
"""

from model_fixtures import InputSpec, _input


def _mask(name, pattern, batch=4, time=6):
    return InputSpec(name, (batch, time), "bool", mask_pattern=pattern)


def func_mask_input(K):
    """keras-io video_classification.py: GRU(x, mask=m) -> GRU; the second GRU is masked by m
    under tf-keras only."""
    x_spec, m_spec = InputSpec("x", (4, 6, 3)), _mask("m", "mixed")
    L = K.layers
    x, m = _input(K, x_spec), _input(K, m_spec)
    h = L.GRU(4, return_sequences=True, name="gru_seq")(x, mask=m)
    y = L.GRU(3, name="gru_last")(h)
    return K.Model([x, m], y, name="func_mask_input"), [x_spec, m_spec], ["gru_last"]


def func_mask_input_chain(K):
    """An explicit mask into an LSTM, then Dense (3-D) -> TimeDistributed(Dense) ->
    Bidirectional(GRU, seq) -> GlobalAveragePooling1D -> Dense, and SimpleRNN over the
    Bidirectional sequence as a second output: each sees the mask under tf-keras only."""
    x_spec, m_spec = InputSpec("x", (4, 6, 3), batch_in_model=False), _mask("m", "holes")
    L = K.layers
    x, m = _input(K, x_spec), _input(K, m_spec)
    h = L.LSTM(5, return_sequences=True, name="lstm")(x, mask=m)
    d = L.Dense(4, activation="tanh", name="dense_3d")(h)
    t = L.TimeDistributed(L.Dense(4, name="dense"), name="time_distributed")(d)
    b = L.Bidirectional(L.GRU(3, return_sequences=True, name="gru"), name="bidi_gru")(t)
    p = L.GlobalAveragePooling1D(name="pool")(b)
    out = L.Dense(2, name="out")(p)
    other = L.SimpleRNN(2, name="simple_rnn")(b)
    model = K.Model([x, m], [out, other], name="func_mask_input_chain")
    return model, [x_spec, m_spec], ["out", "simple_rnn"]


def func_mask_override(K):
    """Masking(0.0) attaches one mask (right-padded steps), an explicit mask= (left-padded)
    overrides it for the LSTM's computation; the GRU after it sees Masking's mask under Keras 3
    and the explicit one under tf-keras."""
    x_spec, m_spec = InputSpec("x", (4, 6, 3), mask_pattern="right"), _mask("m", "left")
    L = K.layers
    x, m = _input(K, x_spec), _input(K, m_spec)
    masked = L.Masking(0.0, name="masking")(x)
    h = L.LSTM(4, return_sequences=True, name="lstm")(masked, mask=m)
    y = L.GRU(3, name="gru")(h)
    return K.Model([x, m], y, name="func_mask_override"), [x_spec, m_spec], ["gru"]


def func_mask_layers(K):
    """An explicit mask= passed to the non-recurrent layers whose call takes one:
    TimeDistributed(Dense), BatchNormalization, GlobalAveragePooling1D (masked mean in both
    eras), with a GRU in between that is masked under tf-keras only."""
    x_spec, m_spec = InputSpec("x", (4, 6, 3)), _mask("m", "holes")  # no empty row: mean of 0
    L = K.layers
    x, m = _input(K, x_spec), _input(K, m_spec)
    t = L.TimeDistributed(L.Dense(4, name="dense"), name="time_distributed")(x, mask=m)
    n = L.BatchNormalization(name="batch_norm")(t, mask=m)
    g = L.GRU(3, return_sequences=True, name="gru")(n)
    p = L.GlobalAveragePooling1D(name="pool")(g, mask=m)
    out = L.Dense(2, name="out")(p)
    return K.Model([x, m], out, name="func_mask_layers"), [x_spec, m_spec], ["out"]


def func_mask_merge(K):
    """Masks merged: Masking on two of three inputs (right- and left-padded), then
    Concatenate(masked, unmasked), Add(masked, unmasked), Multiply(masked, masked) and
    Average(all three), each into its own recurrent layer."""
    a_spec = InputSpec("a", (4, 6, 3), mask_pattern="right")
    b_spec = InputSpec("b", (4, 6, 3), mask_pattern="left")
    c_spec = InputSpec("c", (4, 6, 3))
    L = K.layers
    a, b, c = _input(K, a_spec), _input(K, b_spec), _input(K, c_spec)
    ma, mb = L.Masking(0.0, name="masking_a")(a), L.Masking(0.0, name="masking_b")(b)
    concat = L.LSTM(3, name="lstm_concat")(L.Concatenate(name="concat")([ma, c]))
    added = L.GRU(3, name="gru_add")(L.Add(name="add")([ma, c]))
    multiplied = L.SimpleRNN(3, name="rnn_multiply")(L.Multiply(name="multiply")([ma, mb]))
    averaged = L.GRU(3, name="gru_average")(L.Average(name="average")([ma, mb, c]))
    model = K.Model([a, b, c], [concat, added, multiplied, averaged], name="func_mask_merge")
    return model, [a_spec, b_spec, c_spec], ["lstm_concat", "gru_add", "rnn_multiply",
                                              "gru_average"]


def seq_mask_through(K):
    """Sequential: Masking -> Dense -> Activation -> Dropout -> LayerNormalization ->
    BatchNormalization -> GaussianNoise -> SpatialDropout1D -> LSTM(seq): the mask reaches the
    LSTM through every one of them; Conv1D then drops it (the GRU after it is unmasked)."""
    x = InputSpec("x", (4, 6, 3), mask_pattern="mixed")
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        L.Masking(0.0, name="masking"),
        L.Dense(4, name="dense"),
        L.Activation("tanh", name="activation"),
        L.Dropout(0.2, name="dropout"),
        L.LayerNormalization(name="layer_norm"),
        L.BatchNormalization(name="batch_norm"),
        L.GaussianNoise(0.3, name="gaussian_noise"),
        L.SpatialDropout1D(0.2, name="spatial_dropout"),
        L.LSTM(4, return_sequences=True, name="lstm"),
        L.Conv1D(3, 2, padding="same", name="conv"),
        L.GRU(3, name="gru"),
    ], name="seq_mask_through")
    return model, [x], ["gru"]


def seq_mask_dropped(K):
    """Sequential: Embedding(mask_zero) -> Reshape (to the same shape; it drops the mask) ->
    LSTM, which runs unmasked in both eras."""
    ids = InputSpec("ids", (4, 6), "int32", ids=9, mask_pattern="mixed")
    L = K.layers
    model = K.Sequential([
        _input(K, ids),
        L.Embedding(9, 3, mask_zero=True, name="embedding"),
        L.Reshape((6, 3), name="reshape"),
        L.LSTM(3, name="lstm"),
    ], name="seq_mask_dropped")
    return model, [ids], ["lstm"]


def func_mask_pooling(K):
    """Masking -> LSTM(seq), then GlobalAveragePooling1D (masked mean), GlobalMaxPooling1D (mask
    ignored), MaxPooling1D -> GRU and AveragePooling1D -> GRU (the mask dropped), Flatten."""
    x_spec = InputSpec("x", (4, 6, 3), mask_pattern="right")  # no empty row: mean of 0 steps
    L = K.layers
    x = _input(K, x_spec)
    h = L.LSTM(4, return_sequences=True, name="lstm")(L.Masking(0.0, name="masking")(x))
    avg = L.GlobalAveragePooling1D(name="global_avg")(h)
    mx = L.GlobalMaxPooling1D(name="global_max")(h)
    pooled = L.GRU(2, name="gru_max_pool")(L.MaxPooling1D(2, name="max_pool")(h))
    averaged = L.GRU(2, name="gru_avg_pool")(L.AveragePooling1D(2, name="avg_pool")(h))
    flat = L.Dense(2, name="dense_flat")(L.Flatten(name="flatten")(h))
    model = K.Model(x, [avg, mx, pooled, averaged, flat], name="func_mask_pooling")
    return model, [x_spec], ["global_avg", "global_max", "gru_max_pool", "gru_avg_pool",
                             "dense_flat"]


def func_mask_bidi_state(K):
    """Bidirectional(LSTM, seq)(x, mask=m) -> LSTM; an encoder's states as initial_state of a
    decoder GRU called with mask=m2, then SimpleRNN over the decoder's sequence."""
    x_spec, m_spec = InputSpec("x", (4, 6, 3)), _mask("m", "mixed")
    d_spec, m2_spec = InputSpec("d", (4, 5, 2)), _mask("m2", "holes", time=5)
    L = K.layers
    x, m, d, m2 = (_input(K, s) for s in (x_spec, m_spec, d_spec, m2_spec))
    seq = L.Bidirectional(L.LSTM(3, return_sequences=True, name="lstm"), name="bidi")(x, mask=m)
    last = L.LSTM(3, name="after_bidi")(seq)
    _, state = L.GRU(4, return_state=True, name="encoder")(x, mask=m)
    decoded = L.GRU(4, return_sequences=True, name="decoder")(d, initial_state=[state], mask=m2)
    after = L.SimpleRNN(2, name="after_decoder")(decoded)
    model = K.Model([x, m, d, m2], [last, after], name="func_mask_bidi_state")
    return model, [x_spec, m_spec, d_spec, m2_spec], ["after_bidi", "after_decoder"]


MASK_ARCHITECTURES = {
    "func-mask-input": func_mask_input,
    "func-mask-input-chain": func_mask_input_chain,
    "func-mask-override": func_mask_override,
    "func-mask-layers": func_mask_layers,
    "func-mask-merge": func_mask_merge,
    "seq-mask-through": seq_mask_through,
    "seq-mask-dropped": seq_mask_dropped,
    "func-mask-pooling": func_mask_pooling,
    "func-mask-bidi-state": func_mask_bidi_state,
}

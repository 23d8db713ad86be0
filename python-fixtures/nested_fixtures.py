"""Whole-model architectures of issue 9 items 3 and 4: models used as layers (nested Sequential
and Functional models, shared between calls) and stateful recurrent layers inside whole models.

NESTED_ARCHITECTURES and STATEFUL_ARCHITECTURES join model_fixtures.ARCHITECTURES; a stateful
architecture is recorded as a sequence of calls (model_fixtures.generate_stateful_model_case).
Tiny shapes throughout. No TensorFlow import at module level: the caller passes the Keras module.
"""

from model_fixtures import InputSpec, _input

# Calls of a stateful case: reset_states() before the steps marked True.
STATEFUL_RESETS = (False, False, True, False)


def func_nested_shared(K):
    """Functional: one Sequential encoder (Input -> LSTM(4, seq) -> Dense(2)) shared by inputs a
    and b; Concatenate -> GRU(3) -> Dense(2) `out`, and the encoder's second call `encoder` as a
    second output (a reference to the nested model's node 1)."""
    a_spec, b_spec = InputSpec("a", (2, 5, 3)), InputSpec("b", (2, 5, 3))
    L = K.layers
    encoder = K.Sequential([
        K.Input((5, 3)),
        L.LSTM(4, return_sequences=True, name="lstm"),
        L.Dense(2, activation="tanh", name="dense"),
    ], name="encoder")
    a, b = _input(K, a_spec), _input(K, b_spec)
    ya, yb = encoder(a), encoder(b)
    joined = L.Concatenate(name="concat")([ya, yb])
    out = L.Dense(2, name="out")(L.GRU(3, name="gru")(joined))
    model = K.Model(inputs=[a, b], outputs=[out, yb], name="func_nested_shared")
    return model, [a_spec, b_spec], ["out", "encoder"]


def func_nested_functional(K):
    """Functional around a Functional: inner (Input -> GRU(4, seq) -> BatchNormalization ->
    Dense(3)) called on x and on Dense(3)(x); the inner model's second call is output `inner`,
    Add of both calls -> LSTM(2) `out`. The inner BatchNormalization puts non-trainable weights
    after the trainable ones in the legacy .h5 group."""
    x_spec = InputSpec("x", (3, 4, 3), batch_in_model=False)
    L = K.layers
    i = K.Input((4, 3), name="inner_x")
    h = L.GRU(4, return_sequences=True, name="inner_gru")(i)
    h = L.BatchNormalization(name="inner_norm")(h)
    inner = K.Model(i, L.Dense(3, name="inner_dense")(h), name="inner")
    x = _input(K, x_spec)
    first = inner(x)
    second = inner(L.Dense(3, name="pre")(x))
    out = L.LSTM(2, name="out")(L.Add(name="add")([first, second]))
    model = K.Model(inputs=x, outputs=[second, out], name="func_nested_functional")
    return model, [x_spec], ["inner", "out"]


def seq_nested_two_levels(K):
    """Sequential around a Functional that holds a Sequential: Sequential[Input, Functional(Input
    -> Dense(4, tanh) -> Sequential[Input, SimpleRNN(3, seq)]), LSTM(2), Dense(2)]."""
    x_spec = InputSpec("x", (2, 5, 3), batch_in_model=False)
    L = K.layers
    rnn = K.Sequential([K.Input((5, 4)), L.SimpleRNN(3, return_sequences=True, name="rnn")],
                       name="rnn_block")
    i = K.Input((5, 3), name="block_x")
    block = K.Model(i, rnn(L.Dense(4, activation="tanh", name="block_dense")(i)), name="block")
    model = K.Sequential([
        _input(K, x_spec),
        block,
        L.LSTM(2, name="lstm"),
        L.Dense(2, name="output"),
    ], name="seq_nested_two_levels")
    return model, [x_spec], ["output"]


def func_nested_multi(K):
    """Functional around a two-input, two-output Functional: inner(x, y) = [LSTM(3, seq,
    return_state)(Concatenate(x, y)) sequence, its state h]; called once on (a, Dense(2)(a));
    Dense(2) of the sequence's GlobalAveragePooling1D `out`, and h through Activation `h`."""
    a_spec = InputSpec("a", (2, 4, 2), batch_in_model=False)
    L = K.layers
    x, y = K.Input((4, 2), name="inner_x"), K.Input((4, 2), name="inner_y")
    seq, h, _ = L.LSTM(3, return_sequences=True, return_state=True, name="inner_lstm")(
        L.Concatenate(name="inner_concat")([x, y]))
    inner = K.Model([x, y], [seq, h], name="pair")
    a = _input(K, a_spec)
    s, state = inner([a, L.Dense(2, name="pre")(a)])
    out = L.Dense(2, name="out")(L.GlobalAveragePooling1D(name="pool")(s))
    h_out = L.Activation("linear", name="h")(state)
    model = K.Model(inputs=a, outputs=[out, h_out], name="func_nested_multi")
    return model, [a_spec], ["out", "h"]


def func_nested_frozen(K):
    """Transfer-learning shape: a frozen Sequential `base` [Input, Dense(4), BatchNormalization,
    GRU(3, seq)] (`base.trainable = False`) under a Sequential `head` [Input, Dense(3),
    BatchNormalization (trainable False), LSTM(2)]; the head's call is the output. Frozen weights
    change the legacy .h5 order: a frozen model's are all in layer order, a frozen layer's come
    after every trainable weight of its model."""
    x_spec = InputSpec("x", (2, 4, 3), batch_in_model=False)
    L = K.layers
    base = K.Sequential([
        K.Input((4, 3)),
        L.Dense(4, name="base_dense"),
        L.BatchNormalization(name="base_norm"),
        L.GRU(3, return_sequences=True, name="base_gru"),
    ], name="base")
    base.trainable = False
    frozen_norm = L.BatchNormalization(name="head_norm")
    head = K.Sequential([
        K.Input((4, 3)),
        L.Dense(3, name="head_dense"),
        frozen_norm,
        L.LSTM(2, name="head_lstm"),
    ], name="head")
    frozen_norm.trainable = False
    x = _input(K, x_spec)
    model = K.Model(inputs=x, outputs=head(base(x)), name="func_nested_frozen")
    return model, [x_spec], ["head"]


def seq_stateful(K):
    """Sequential, batch 4 in the model: Masking (mask pattern `mixed`) -> LSTM(4, seq,
    stateful) -> Dense(3) -> GRU(3, stateful) -> Dense(2)."""
    x_spec = InputSpec("x", (4, 4, 3), mask_pattern="mixed")
    L = K.layers
    model = K.Sequential([
        _input(K, x_spec),
        L.Masking(0.0, name="masking"),
        L.LSTM(4, return_sequences=True, stateful=True, name="lstm"),
        L.Dense(3, activation="tanh", name="dense"),
        L.GRU(3, stateful=True, name="gru"),
        L.Dense(2, name="output"),
    ], name="seq_stateful")
    return model, [x_spec], ["output"]


def func_stateful_bidi(K):
    """Functional, batch 2 in the model: Bidirectional(SimpleRNN(3, seq, stateful)) -> a stateful
    GRU(2) `out` and a non-stateful LSTM(2) `plain` over the same sequence."""
    x_spec = InputSpec("x", (2, 5, 3))
    L = K.layers
    x = _input(K, x_spec)
    seq = L.Bidirectional(L.SimpleRNN(3, return_sequences=True, stateful=True, name="rnn"),
                          name="bidi")(x)
    out = L.GRU(2, stateful=True, name="out")(seq)
    plain = L.LSTM(2, name="plain")(seq)
    model = K.Model(inputs=x, outputs=[out, plain], name="func_stateful_bidi")
    return model, [x_spec], ["out", "plain"]


NESTED_ARCHITECTURES = {
    "func-nested-shared": func_nested_shared,
    "func-nested-functional": func_nested_functional,
    "seq-nested-two-levels": seq_nested_two_levels,
    "func-nested-multi": func_nested_multi,
    "func-nested-frozen": func_nested_frozen,
}
STATEFUL_ARCHITECTURES = {
    "seq-stateful": seq_stateful,
    "func-stateful-bidi": func_stateful_bidi,
}

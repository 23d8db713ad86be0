"""Whole-model cases for the attention layers of issue 12 item 2: Attention (Luong) and
AdditiveAttention (Bahdanau) with their options, the call arguments `mask=[query_mask,
value_mask]`, `use_causal_mask` and `return_attention_scores`, and masks propagated from
Embedding(mask_zero=True) in a seq2seq encoder-decoder. Tiny shapes.

Keras 3.6's Attention subtracts a value mask of shape (batch, Tv) from scores of shape (batch,
Tq, Tv) without expanding it unless `use_causal_mask` is set, so its masked calls only run when
batch == Tq (the mask rows then broadcast along Tq): the masked cases here use batch == Tq.

Each builder returns (model, [InputSpec, ...], [output name, ...]) like model_fixtures.py's.
"""

from model_fixtures import InputSpec, _input


def attention_seq2seq(K):
    """Functional seq2seq: Embedding(mask_zero) -> LSTM(seq, state) encoder; Embedding(mask_zero
    in tf-keras only) -> LSTM(seq, initial_state) decoder; Attention([decoder, encoder]) with the masks of both
    (propagated implicitly) -> Concatenate([decoder, context]) -> Dense."""
    enc_spec = InputSpec("encoder_ids", (4, 5), "int32", ids=9, mask_pattern="right")
    dec_spec = InputSpec("decoder_ids", (4, 4), "int32", ids=9, mask_pattern="left")
    L = K.layers
    enc_ids, dec_ids = _input(K, enc_spec), _input(K, dec_spec)
    enc = L.Embedding(9, 4, mask_zero=True, name="encoder_embedding")(enc_ids)
    enc_seq, h, c = L.LSTM(4, return_sequences=True, return_state=True, name="encoder")(enc)
    # Keras 3.6 cannot call Attention on a masked query in a Functional model (its compute_mask
    # converts the symbolic mask to a tensor), so there only the encoder's mask is used.
    dec = L.Embedding(9, 4, mask_zero=K.__name__ != "keras", name="decoder_embedding")(dec_ids)
    dec_seq = L.LSTM(4, return_sequences=True, name="decoder")(dec, initial_state=[h, c])
    context = L.Attention(name="attention")([dec_seq, enc_seq])
    merged = L.Concatenate(name="concat")([dec_seq, context])
    y = L.Dense(9, name="logits")(merged)
    return (K.Model([enc_ids, dec_ids], y, name="attention_seq2seq"), [enc_spec, dec_spec],
            ["logits"])


def attention_options(K):
    """Attention(use_scale) on [query, value, key] with explicit masks (and scores, tf-keras); Attention(concat,
    use_scale, dropout) causal; Attention(concat) plain; AdditiveAttention(use_scale) on [query,
    value, key] with masks, causal (and scores, tf-keras); AdditiveAttention(use_scale=False, dropout)."""
    q_spec = InputSpec("query", (3, 3, 4))
    v_spec = InputSpec("value", (3, 5, 4))
    k_spec = InputSpec("key", (3, 5, 4))
    qm_spec = InputSpec("query_mask", (3, 3), "bool", mask_pattern="right")
    vm_spec = InputSpec("value_mask", (3, 5), "bool", mask_pattern="holes")
    L = K.layers
    q, v, k = _input(K, q_spec), _input(K, v_spec), _input(K, k_spec)
    qm, vm = _input(K, qm_spec), _input(K, vm_spec)
    # Keras 3.6's Attention has no symbolic output spec for return_attention_scores (a Functional
    # model gets one output), so only tf-keras returns the scores here.
    scores = {} if K.__name__ == "keras" else {"return_attention_scores": True}
    out1 = L.Attention(use_scale=True, name="luong_scaled")([q, v, k], mask=[qm, vm], **scores)
    out2 = L.Attention(score_mode="concat", use_scale=True, dropout=0.2, name="luong_concat")(
        [q, v], use_causal_mask=True)
    out3 = L.Attention(score_mode="concat", name="luong_concat_plain")([q, k, v])
    out4 = L.AdditiveAttention(name="bahdanau_scaled")(
        [q, v, k], mask=[qm, vm], use_causal_mask=True, **scores)
    out5 = L.AdditiveAttention(use_scale=False, dropout=0.1, name="bahdanau_plain")([q, v])
    if scores:
        (out1, scores1), (out4, scores4) = out1, out4
        outputs = [out1, scores1, out2, out3, out4, scores4, out5]
        names = ["luong_scaled", "luong_scaled_scores", "luong_concat", "luong_concat_plain",
                 "bahdanau_scaled", "bahdanau_scaled_scores", "bahdanau_plain"]
    else:
        outputs = [out1, out2, out3, out4, out5]
        names = ["luong_scaled", "luong_concat", "luong_concat_plain", "bahdanau_scaled",
                 "bahdanau_plain"]
    return (K.Model([q, v, k, qm, vm], outputs, name="attention_options"),
            [q_spec, v_spec, k_spec, qm_spec, vm_spec], names)


def mha_lstm(K):
    """Masking -> LSTM(seq): MultiHeadAttention(2 heads, key_dim 3) self-attention over the
    sequences with their mask (implicit) and use_causal_mask; a second input attends to them
    (query unmasked, value Dense(seq) and key the LSTM's, both masked) with MultiHeadAttention(2
    heads, key_dim 2, value_dim 3, output_shape 5 in tf-keras, no bias), an attention_mask input, and its
    scores returned."""
    x_spec = InputSpec("x", (3, 5, 4), mask_pattern="mixed")
    y_spec = InputSpec("y", (3, 4, 4))
    # A float attention_mask (Keras casts it to bool): zeros on whole (batch, query) rows. Boolean
    # model inputs are (batch, time) masks here.
    am_spec = InputSpec("attention_mask", (3, 4, 5), mask_pattern="holes")
    L = K.layers
    x, y, am = _input(K, x_spec), _input(K, y_spec), _input(K, am_spec)
    h = L.LSTM(4, return_sequences=True, name="lstm")(L.Masking(0.0, name="masking")(x))
    self_att = L.MultiHeadAttention(2, 3, name="self_attention")(h, h, use_causal_mask=True)
    v = L.Dense(4, name="value_proj")(h)
    # Keras 3.6 adds output_shape to the query's shape tuple (an int fails, a tuple is saved as a
    # list and fails on load), so only tf-keras sets it.
    out_shape = {} if K.__name__ == "keras" else {"output_shape": 5}
    cross, scores = L.MultiHeadAttention(2, 2, value_dim=3, use_bias=False, **out_shape,
                                         dropout=0.1, name="cross_attention")(
        y, v, h, attention_mask=am, return_attention_scores=True)
    return (K.Model([x, y, am], [self_att, cross, scores], name="mha_lstm"),
            [x_spec, y_spec, am_spec], ["self_attention", "cross_attention", "scores"])


def gqa_lstm(K):
    """Keras 3 only: Masking -> LSTM(seq): GroupedQueryAttention(head_dim 2, 4 query heads, 2
    key/value heads) self-attention with the sequences' mask and use_causal_mask; a second input
    attends to them with GroupedQueryAttention(head_dim 3, 2 query heads, 1 key/value head, no
    bias, dropout). (Keras 3.6's GroupedQueryAttention has no symbolic output for its scores.)"""
    x_spec = InputSpec("x", (3, 5, 4), mask_pattern="mixed")
    y_spec = InputSpec("y", (3, 4, 4))
    L = K.layers
    x, y = _input(K, x_spec), _input(K, y_spec)
    h = L.LSTM(4, return_sequences=True, name="lstm")(L.Masking(0.0, name="masking")(x))
    self_att = L.GroupQueryAttention(2, 4, 2, name="self_attention")(h, h, use_causal_mask=True)
    cross = L.GroupQueryAttention(3, 2, 1, use_bias=False, dropout=0.1,
                                    name="cross_attention")(y, h)
    return (K.Model([x, y], [self_att, cross], name="gqa_lstm"), [x_spec, y_spec],
            ["self_attention", "cross_attention"])


# Architectures only Keras 3 has (model_fixtures.model_cases leaves out their tf-keras cases).
KERAS3_ONLY_ARCHITECTURES = {"attention-gqa-lstm"}

ATTENTION_ARCHITECTURES = {
    "attention-seq2seq": attention_seq2seq,
    "attention-options": attention_options,
    "attention-mha-lstm": mha_lstm,
    "attention-gqa-lstm": gqa_lstm,
}

#!/usr/bin/env python3
"""Trains the real models of <repo>/models/ on real data shipped inside PyPI packages.

    train_models.py [--out DIR]      default DIR: <repo>/models

* digits_gru: a Keras 3 GRU classifier reading scikit-learn's handwritten digits (load_digits) row
  by row, 8 time steps of 8 pixels; saved as model.keras and (Keras 3's legacy writer) model.h5.
* sunspots_lstm: a tf-keras LSTM forecaster of the yearly sunspot number (statsmodels' sunspots
  data set) from the previous 10 years; saved as model.keras (tf-keras's writer) and model.h5.
* frames_convlstm: a Keras 3 next-frame model in the shape of keras-io's conv_lstm.py (3x
  ConvLSTM2D + BatchNormalization + Conv3D) on moving squares the script draws deterministically;
  saved as model.keras and .weights.h5 with its config.
* strips_crnn: a tf-keras CRNN in the shape of keras-io's captcha_ocr.py (Conv2D, MaxPooling2D,
  Reshape, Dense, Bidirectional(LSTM), Dense) reading strips of four scikit-learn digits column by
  column; saved as model.h5 (legacy HDF5) and model.keras.
* addition_attention: a tf-keras seq2seq encoder-decoder with Attention on keras-io's
  addition_rnn.py task (sums the script draws); saved as model.keras and model.h5.

Each folder gets case.json + data.h5 in the layout of the `kind: model` fixtures
(FIXTURE_FORMAT.md), with sample inputs, Keras's eager and predict() outputs and the true targets,
and a README.md; DIR gets manifest.json and README.md. Training is bit-deterministic on CPU in the
fixture environment (FIXTURE_ENV of generate_fixtures.py: single-threaded, oneDNN off), with op
determinism enabled, fixed seeds and shuffling done by NumPy; running twice gives identical arrays
(check_fixtures.py compares them). Nothing is downloaded: the data sets are files inside the
installed wheels or drawn by the script.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_fixtures as gf  # noqa: E402  (no TensorFlow import at module level)

if __name__ == "__main__":
    gf.ensure_environment()

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import model_fixtures as mf  # noqa: E402

DEFAULT_OUT = gf.REPO_ROOT / "models"
GENERATOR = "python-fixtures/train_models.py"


def set_seeds(K, seed):
    K.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow global seeds


def fit_epochs(model, x, y, epochs, batch_size, seed):
    """One fit() per epoch on a NumPy permutation of the training set (Keras's own shuffling is
    not used, so the order does not depend on TensorFlow's op seeds)."""
    rng = np.random.RandomState(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        history = model.fit(x[order], y[order], epochs=1, batch_size=batch_size, shuffle=False,
                            verbose=0)
        losses.append(float(history.history["loss"][-1]))
    return losses


def record(name, framework, K, model, specs, output_names, out_dir, files_by_format, targets,
           common, extra):
    """Saves the model in each format, checks each reloads to the same bits, writes case.json,
    data.h5 and returns the eager outputs."""
    model_dir = out_dir / name
    model_dir.mkdir()
    inputs = targets["inputs"] if isinstance(targets["inputs"], list) else [targets["inputs"]]
    for model_format in files_by_format:
        mf.save_model(model, model_format, model_dir)
    called = mf.as_list(model(mf.feed_of(inputs)))
    batch = len(inputs[0])
    predicted = predict = None
    for model_format in files_by_format:
        # predict() on each freshly loaded file: the primary format's is recorded, the others
        # must give the same bits; every file's eager call gives the in-memory model's bits.
        reloaded = mf.load_saved(K, model_format, model_dir)
        fresh_predict = mf.as_list(reloaded.predict(mf.feed_of(inputs), batch_size=batch,
                                                    verbose=0))
        if predicted is None:
            predicted = fresh_predict
            predict = mf.predict_library.record(reloaded, model_dir, batch)
        else:
            mf.check_same_bits(f"{name} ({model_format}, predict)", predicted, fresh_predict)
        mf.check_same_bits(f"{name} ({model_format})", called,
                           mf.as_list(reloaded(mf.feed_of(inputs))))
    mf.check_finite(name, called + predicted)
    extra = {**extra, "predict": predict}
    mf.write_data(model_dir / "data.h5", specs, inputs, called, predicted,
                  extra={"targets/0": targets["targets"]})
    primary, *others = files_by_format
    doc = mf.model_json(name, framework, K, model, specs, output_names, primary,
                        mf.MODEL_FORMATS[primary][1], common,
                        alternative_files=[{"model_format": f, "files": mf.MODEL_FORMATS[f][1]}
                                           for f in others],
                        **extra)
    (model_dir / "case.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return called, predicted


# ---------------------------------------------------------------------------------------------
# Digits: GRU classifier, Keras 3
# ---------------------------------------------------------------------------------------------

DIGITS_SEED = 1797


def train_digits(K, out_dir, common):
    from sklearn.datasets import load_digits
    import sklearn
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)             # (1797, 8, 8): rows as time steps
    y = digits.target.astype(np.int32)
    order = np.random.RandomState(DIGITS_SEED).permutation(len(x))
    test_count = 360
    test, train = order[:test_count], order[test_count:]

    K.backend.clear_session()
    set_seeds(K, DIGITS_SEED)
    L = K.layers
    model = K.Sequential([
        K.Input(shape=(8, 8), name="rows"),
        L.GRU(32, name="gru"),
        L.Dense(10, activation="softmax", name="digit"),
    ], name="digits_gru")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    epochs = 12
    started = time.monotonic()
    losses = fit_epochs(model, x[train], y[train], epochs, 32, DIGITS_SEED)
    seconds = time.monotonic() - started
    train_acc = float(np.mean(np.argmax(model.predict(x[train], verbose=0), -1) == y[train]))
    test_acc = float(np.mean(np.argmax(model.predict(x[test], verbose=0), -1) == y[test]))

    sample = test[:8]
    specs = [mf.InputSpec("rows", (len(sample), 8, 8))]
    extra = {
        "dataset": {
            "name": "Optical Recognition of Handwritten Digits (UCI), scikit-learn's load_digits",
            "package": f"scikit-learn {sklearn.__version__}",
            "file": "sklearn/datasets/data/digits.csv.gz",
            "license": "CC BY 4.0 (UCI Machine Learning Repository); scikit-learn BSD-3-Clause",
        },
        "preprocessing": "pixels / 16.0; image rows are time steps (8 steps of 8 features)",
        "training": {"epochs": epochs, "batch_size": 32, "optimizer": "Adam(0.01)",
                     "train_samples": int(len(train)), "test_samples": test_count,
                     "final_loss": losses[-1], "train_accuracy": train_acc,
                     "test_accuracy": test_acc},
        "targets": "true digit of each sample (data.h5 /targets/0)",
    }
    called, _ = record("digits_gru", mf.KERAS3, K, model, specs, ["digit"], out_dir,
                       ["keras", "legacy_h5"], {"inputs": x[sample], "targets": y[sample]},
                       common, extra)
    predicted_digits = np.argmax(called[0], -1)
    return {"name": "digits_gru", "seconds": seconds, "train_accuracy": train_acc,
            "test_accuracy": test_acc, "test_count": test_count, "train_count": len(train),
            "epochs": epochs, "losses": losses, "sample_targets": y[sample].tolist(),
            "sample_predictions": predicted_digits.tolist(), "sklearn": sklearn.__version__}


# ---------------------------------------------------------------------------------------------
# Sunspots: LSTM forecaster, tf-keras
# ---------------------------------------------------------------------------------------------

SUNSPOTS_SEED = 1700
WINDOW = 10
SCALE = 100.0
LAST_TRAIN_YEAR = 1920


def load_sunspots():
    """statsmodels' yearly sunspots 1700-2008, read from the CSV inside the installed package
    (the same file statsmodels.datasets.sunspots.load_pandas() reads)."""
    import csv
    import statsmodels.datasets.sunspots as sunspots
    path = Path(sunspots.__file__).parent / "sunspots.csv"
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    years = np.array([int(float(r["YEAR"])) for r in rows])
    values = np.array([float(r["SUNACTIVITY"]) for r in rows])
    return years, values


def train_sunspots(K, out_dir, common):
    import statsmodels
    years, values = load_sunspots()
    series = (values / SCALE).astype(np.float32)
    windows = np.stack([series[i:i + WINDOW] for i in range(len(series) - WINDOW)])[..., None]
    targets = series[WINDOW:]
    target_years = years[WINDOW:]
    train, test = target_years <= LAST_TRAIN_YEAR, target_years > LAST_TRAIN_YEAR

    K.backend.clear_session()
    set_seeds(K, SUNSPOTS_SEED)
    L = K.layers
    model = K.Sequential([
        K.Input(shape=(WINDOW, 1), name="window"),
        L.LSTM(16, name="lstm"),
        L.Dense(1, name="next_year"),
    ], name="sunspots_lstm")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.01), loss="mse")
    epochs = 60
    started = time.monotonic()
    losses = fit_epochs(model, windows[train], targets[train], epochs, 16, SUNSPOTS_SEED)
    seconds = time.monotonic() - started

    def mae(mask):
        predicted = model.predict(windows[mask], verbose=0)[:, 0]
        return float(np.mean(np.abs(predicted - targets[mask])) * SCALE)

    def persistence_mae(mask):
        return float(np.mean(np.abs(windows[mask][:, -1, 0] - targets[mask])) * SCALE)

    train_mae, test_mae = mae(train), mae(test)
    baseline_test = persistence_mae(test)
    sample = np.flatnonzero(test)[-8:]                  # the last 8 years, 2001-2008
    specs = [mf.InputSpec("window", (len(sample), WINDOW, 1))]
    extra = {
        "dataset": {
            "name": "Yearly sunspot numbers 1700-2008 (statsmodels.datasets.sunspots)",
            "package": f"statsmodels {statsmodels.__version__}",
            "file": "statsmodels/datasets/sunspots/sunspots.csv",
            "license": "public domain (statsmodels: 'This data is public domain.')",
        },
        "preprocessing": f"sunspot number / {SCALE:g}; input: the {WINDOW} previous years, "
                         "oldest first, one feature; output: next year / 100",
        "training": {"epochs": epochs, "batch_size": 16, "optimizer": "Adam(0.01)", "loss": "mse",
                     "train_years": f"{int(target_years[train][0])}-{LAST_TRAIN_YEAR}",
                     "test_years": f"{LAST_TRAIN_YEAR + 1}-{int(target_years[-1])}",
                     "final_loss": losses[-1], "train_mae": train_mae, "test_mae": test_mae,
                     "test_mae_persistence": baseline_test},
        "targets": "true next-year value / 100 of each sample (data.h5 /targets/0)",
        "sample_years": target_years[sample].tolist(),
    }
    called, _ = record("sunspots_lstm", mf.TF_KERAS, K, model, specs, ["next_year"], out_dir,
                       ["keras", "legacy_h5"],
                       {"inputs": windows[sample], "targets": targets[sample]}, common, extra)
    return {"name": "sunspots_lstm", "seconds": seconds, "train_mae": train_mae,
            "test_mae": test_mae, "baseline_test_mae": baseline_test, "epochs": epochs,
            "train_count": int(train.sum()), "test_count": int(test.sum()),
            "sample_years": target_years[sample].tolist(),
            "sample_targets": [round(float(v) * SCALE, 1) for v in targets[sample]],
            "sample_predictions": [round(float(v) * SCALE, 1) for v in called[0][:, 0]],
            "statsmodels": statsmodels.__version__}


# ---------------------------------------------------------------------------------------------
# Frames: ConvLSTM2D next-frame prediction (keras-io conv_lstm.py's shape), Keras 3
# ---------------------------------------------------------------------------------------------

FRAMES_SEED = 2017
FRAME = 12          # frame side, pixels
FRAMES = 8          # frames per sequence: the model sees 7 and predicts the next 7


def moving_squares(count, seed):
    """`count` sequences of FRAMES binary FRAME x FRAME frames, each with one or two squares
    (side 2-4) moving at a constant velocity (under 1.5 pixels per frame per axis) and bouncing
    off the borders; positions rounded to whole pixels. Drawn with NumPy from `seed` only."""
    rng = np.random.RandomState(seed)
    out = np.zeros((count, FRAMES, FRAME, FRAME, 1), np.float32)
    for i in range(count):
        for _ in range(rng.randint(1, 3)):
            side = rng.randint(2, 5)
            pos = rng.uniform(0, FRAME - side, 2)
            vel = rng.uniform(-1.5, 1.5, 2)
            for t in range(FRAMES):
                r, c = int(round(pos[0])), int(round(pos[1]))
                out[i, t, r:r + side, c:c + side, 0] = 1.0
                pos = pos + vel
                for a in range(2):
                    if pos[a] < 0:
                        pos[a], vel[a] = -pos[a], -vel[a]
                    if pos[a] > FRAME - side:
                        pos[a], vel[a] = 2 * (FRAME - side) - pos[a], -vel[a]
    return out


def iou(predicted, truth):
    """Intersection over union of the pixels above 0.5."""
    p, t = predicted > 0.5, truth > 0.5
    return float(np.sum(p & t) / max(1, np.sum(p | t)))


def train_frames(K, out_dir, common):
    train_seqs, test_seqs = moving_squares(300, FRAMES_SEED), moving_squares(60, FRAMES_SEED + 1)
    x, y = train_seqs[:, :-1], train_seqs[:, 1:]
    tx, ty = test_seqs[:, :-1], test_seqs[:, 1:]

    K.backend.clear_session()
    set_seeds(K, FRAMES_SEED)
    L = K.layers
    frames = K.Input(shape=(None, FRAME, FRAME, 1), name="frames")
    h = L.ConvLSTM2D(6, (5, 5), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_1")(frames)
    h = L.BatchNormalization(momentum=0.9, name="bn_1")(h)
    h = L.ConvLSTM2D(6, (3, 3), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_2")(h)
    h = L.BatchNormalization(momentum=0.9, name="bn_2")(h)
    h = L.ConvLSTM2D(6, (1, 1), padding="same", return_sequences=True, activation="relu",
                     name="conv_lstm_3")(h)
    out = L.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same", name="next_frame")(h)
    model = K.Model(frames, out, name="frames_convlstm")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.003), loss="binary_crossentropy")
    epochs = 8
    started = time.monotonic()
    losses = fit_epochs(model, x, y, epochs, 16, FRAMES_SEED)
    seconds = time.monotonic() - started
    test_iou = iou(model.predict(tx, verbose=0), ty)
    train_iou = iou(model.predict(x, verbose=0), y)
    copy_iou = iou(tx, ty)                     # the baseline: next frame = this frame

    sample = np.arange(4)
    specs = [mf.InputSpec("frames", (len(sample), FRAMES - 1, FRAME, FRAME, 1),
                          time_in_model=False)]
    extra = {
        "dataset": {
            "name": "moving squares drawn by python-fixtures/train_models.py (moving_squares)",
            "package": "none (NumPy RandomState, seeds in the script)",
            "file": "python-fixtures/train_models.py",
            "license": "generated",
        },
        "preprocessing": f"binary {FRAME}x{FRAME} frames; input frames 0-{FRAMES - 2}, target "
                         f"frames 1-{FRAMES - 1} (each step's next frame)",
        "training": {"epochs": epochs, "batch_size": 16, "optimizer": "Adam(0.003)",
                     "loss": "binary_crossentropy", "train_sequences": len(x),
                     "test_sequences": len(tx), "final_loss": losses[-1],
                     "train_iou": train_iou, "test_iou": test_iou,
                     "test_iou_copy_last_frame": copy_iou},
        "targets": "the true next frames of each sample (data.h5 /targets/0)",
    }
    called, _ = record("frames_convlstm", mf.KERAS3, K, model, specs, ["next_frame"], out_dir,
                       ["keras", "weights_h5_with_config"],
                       {"inputs": tx[sample], "targets": ty[sample]}, common, extra)
    return {"name": "frames_convlstm", "seconds": seconds, "test_iou": test_iou,
            "train_iou": train_iou, "copy_iou": copy_iou, "epochs": epochs,
            "train_count": len(x), "test_count": len(tx),
            "sample_iou": iou(called[0], ty[sample])}


# ---------------------------------------------------------------------------------------------
# Strips: CRNN reading four digits column by column (keras-io captcha_ocr.py's shape), tf-keras
# ---------------------------------------------------------------------------------------------

STRIPS_SEED = 1998
DIGITS_PER_STRIP = 4


def digit_strips(images, labels, pool, count, seed):
    """`count` strips of DIGITS_PER_STRIP 8x8 digit images drawn from `pool` side by side (8 rows,
    32 columns), transposed so the width comes first as in captcha_ocr.py: (count, 32, 8, 1);
    and the digits, (count, DIGITS_PER_STRIP)."""
    rng = np.random.RandomState(seed)
    pick = pool[rng.randint(0, len(pool), (count, DIGITS_PER_STRIP))]
    strip = np.concatenate([images[pick[:, k]] for k in range(DIGITS_PER_STRIP)], axis=2)
    return np.transpose(strip, (0, 2, 1))[..., None], labels[pick]


def train_strips(K, out_dir, common):
    from sklearn.datasets import load_digits
    import sklearn
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)
    labels = digits.target.astype(np.int32)
    order = np.random.RandomState(STRIPS_SEED).permutation(len(images))
    test_pool, train_pool = order[:360], order[360:]            # strips never mix the two
    x, y = digit_strips(images, labels, train_pool, 4000, STRIPS_SEED)
    tx, ty = digit_strips(images, labels, test_pool, 500, STRIPS_SEED + 1)
    steps = 16                                                     # columns after pooling
    per_digit = steps // DIGITS_PER_STRIP
    y_steps = np.repeat(y, per_digit, axis=1)                      # each column's digit

    K.backend.clear_session()
    set_seeds(K, STRIPS_SEED)
    L = K.layers
    strip = K.Input(shape=(32, 8, 1), name="strip")
    h = L.Conv2D(16, 3, padding="same", activation="relu", name="conv")(strip)
    h = L.MaxPooling2D(2, name="pool")(h)                          # (16, 4, 16)
    h = L.Reshape((steps, 64), name="columns")(h)
    h = L.Dense(32, activation="relu", name="dense")(h)
    h = L.Bidirectional(L.LSTM(24, return_sequences=True, name="lstm"), name="bilstm")(h)
    out = L.Dense(10, activation="softmax", name="digit")(h)
    model = K.Model(strip, out, name="strips_crnn")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.005),
                  loss="sparse_categorical_crossentropy")
    epochs = 6
    started = time.monotonic()
    losses = fit_epochs(model, x, y_steps, epochs, 32, STRIPS_SEED)
    seconds = time.monotonic() - started

    def read(probabilities):
        """The strip's digits: per digit, the argmax of the mean over its columns."""
        n = len(probabilities)
        return probabilities.reshape(n, DIGITS_PER_STRIP, per_digit, 10).mean(2).argmax(-1)

    test_read = read(model.predict(tx, verbose=0))
    digit_acc = float(np.mean(test_read == ty))
    strip_acc = float(np.mean((test_read == ty).all(1)))
    train_digit_acc = float(np.mean(read(model.predict(x, verbose=0)) == y))

    sample = np.arange(8)
    specs = [mf.InputSpec("strip", (len(sample), 32, 8, 1))]
    extra = {
        "dataset": {
            "name": "Optical Recognition of Handwritten Digits (UCI), scikit-learn's load_digits,"
                    f" as strips of {DIGITS_PER_STRIP}",
            "package": f"scikit-learn {sklearn.__version__}",
            "file": "sklearn/datasets/data/digits.csv.gz",
            "license": "CC BY 4.0 (UCI Machine Learning Repository); scikit-learn BSD-3-Clause",
        },
        "preprocessing": f"pixels / 16.0; {DIGITS_PER_STRIP} images side by side, transposed to "
                         "(32 columns, 8 rows, 1); output: 16 column steps x 10 digit "
                         "probabilities",
        "training": {"epochs": epochs, "batch_size": 32, "optimizer": "Adam(0.005)",
                     "loss": "sparse_categorical_crossentropy (per column step)",
                     "train_strips": len(x), "test_strips": len(tx), "final_loss": losses[-1],
                     "test_digit_accuracy": digit_acc, "test_strip_accuracy": strip_acc,
                     "train_digit_accuracy": train_digit_acc},
        "targets": "the true digits of each sample strip (data.h5 /targets/0)",
    }
    called, _ = record("strips_crnn", mf.TF_KERAS, K, model, specs, ["digit"], out_dir,
                       ["legacy_h5", "keras"],
                       {"inputs": tx[sample], "targets": ty[sample]}, common, extra)
    return {"name": "strips_crnn", "seconds": seconds, "digit_acc": digit_acc,
            "strip_acc": strip_acc, "train_digit_acc": train_digit_acc, "epochs": epochs,
            "train_count": len(x), "test_count": len(tx),
            "sample_targets": ["".join(map(str, r)) for r in ty[sample]],
            "sample_predictions": ["".join(map(str, r)) for r in read(called[0])],
            "sklearn": sklearn.__version__}


# ---------------------------------------------------------------------------------------------
# Addition: seq2seq encoder-decoder with Attention (keras-io addition_rnn.py's task), tf-keras
# ---------------------------------------------------------------------------------------------

ADDITION_SEED = 1000
ADDITION_CHARS = " 0123456789+"      # index 0 pads (mask_zero)
ADDITION_START, ADDITION_END = 12, 13
ADDITION_VOCAB = 14
QUESTION_LEN, ANSWER_LEN = 7, 6       # "999+999"; "1998" reversed + end, or start + "8991"


def addition_data(count, seed):
    """`count` questions "a+b" (a, b < 1000, drawn with NumPy from `seed`) as character ids padded
    with 0; the answer's digits reversed (least significant first, so the decoder meets the
    digits in the order the carries go): decoder input = start token + answer, target = answer +
    end token, both padded with 0."""
    rng = np.random.RandomState(seed)
    a, b = rng.randint(0, 1000, count), rng.randint(0, 1000, count)
    question = np.zeros((count, QUESTION_LEN), np.int32)
    answer_in = np.zeros((count, ANSWER_LEN), np.int32)
    answer_out = np.zeros((count, ANSWER_LEN), np.int32)
    for i in range(count):
        q = [ADDITION_CHARS.index(ch) for ch in f"{a[i]}+{b[i]}"]
        digits = [ADDITION_CHARS.index(ch) for ch in str(a[i] + b[i])[::-1]]
        question[i, :len(q)] = q
        answer_in[i, :len(digits) + 1] = [ADDITION_START] + digits
        answer_out[i, :len(digits) + 1] = digits + [ADDITION_END]
    return question, answer_in, answer_out, a + b


def greedy_sums(model, question):
    """Decodes each question with the model alone: start token, then each step's argmax fed
    back, until the end token; the reversed digits read back as numbers (-1 if not a number)."""
    answer = np.zeros((len(question), ANSWER_LEN), np.int32)
    answer[:, 0] = ADDITION_START
    for t in range(ANSWER_LEN - 1):
        step = model.predict([question, answer], verbose=0).argmax(-1)
        answer[:, t + 1] = step[:, t]
    sums = []
    for row in answer[:, 1:]:
        digits = ""
        for token in row:
            if token == ADDITION_END or not 1 <= token <= 10:
                break
            digits += ADDITION_CHARS[token]
        sums.append(int(digits[::-1]) if digits and row[len(digits)] == ADDITION_END else -1)
    return np.array(sums)


def train_addition(K, out_dir, common):
    question, answer_in, answer_out, _ = addition_data(8000, ADDITION_SEED)
    t_question, t_answer_in, t_answer_out, t_sums = addition_data(1000, ADDITION_SEED + 1)
    weights = (answer_out > 0).astype(np.float32)            # padding steps do not count

    K.backend.clear_session()
    set_seeds(K, ADDITION_SEED)
    L = K.layers
    q_in = K.Input(shape=(None,), dtype="int32", name="question")
    a_in = K.Input(shape=(None,), dtype="int32", name="answer_so_far")
    encoded = L.Embedding(ADDITION_VOCAB, 16, mask_zero=True, name="question_embedding")(q_in)
    enc_seq, h, c = L.LSTM(48, return_sequences=True, return_state=True, name="encoder")(encoded)
    decoded = L.Embedding(ADDITION_VOCAB, 16, mask_zero=True, name="answer_embedding")(a_in)
    dec_seq = L.LSTM(48, return_sequences=True, name="decoder")(decoded, initial_state=[h, c])
    context = L.Attention(name="attention")([dec_seq, enc_seq])
    joined = L.Concatenate(name="decoder_and_context")([dec_seq, context])
    out = L.Dense(ADDITION_VOCAB, activation="softmax", name="next_char")(joined)
    model = K.Model([q_in, a_in], out, name="addition_attention")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy")
    epochs = 20
    started = time.monotonic()
    rng = np.random.RandomState(ADDITION_SEED)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(question))
        history = model.fit([question[order], answer_in[order]], answer_out[order],
                            sample_weight=weights[order], epochs=1, batch_size=64,
                            shuffle=False, verbose=0)
        losses.append(float(history.history["loss"][-1]))
    seconds = time.monotonic() - started
    forced = model.predict([t_question, t_answer_in], verbose=0).argmax(-1)
    forced_acc = float(np.mean(((forced == t_answer_out) | (t_answer_out == 0)).all(1)))
    greedy_acc = float(np.mean(greedy_sums(model, t_question) == t_sums))

    sample = np.arange(8)
    specs = [mf.InputSpec("question", (len(sample), QUESTION_LEN), "int32"),
             mf.InputSpec("answer_so_far", (len(sample), ANSWER_LEN), "int32")]
    extra = {
        "dataset": {
            "name": "sums of two numbers below 1000 drawn by python-fixtures/train_models.py "
                    "(addition_data), keras-io's addition_rnn.py task",
            "package": "none (NumPy RandomState, seeds in the script)",
            "file": "python-fixtures/train_models.py",
            "license": "generated",
        },
        "preprocessing": f"characters '{ADDITION_CHARS[1:]}' as ids 1-11 (0 pads, masked); the "
                         "answer's digits reversed; decoder input = start token 12 + answer, "
                         "target = answer + end token 13",
        "training": {"epochs": epochs, "batch_size": 64, "optimizer": "Adam(0.01)",
                     "loss": "sparse_categorical_crossentropy (padding weighted 0)",
                     "train_questions": len(question), "test_questions": len(t_question),
                     "final_loss": losses[-1], "test_teacher_forced_exact": forced_acc,
                     "test_greedy_exact": greedy_acc},
        "targets": "the target ids of each sample (data.h5 /targets/0)",
    }
    called, _ = record("addition_attention", mf.TF_KERAS, K, model, specs, ["next_char"],
                       out_dir, ["keras", "legacy_h5"],
                       {"inputs": [t_question[sample], t_answer_in[sample]],
                        "targets": t_answer_out[sample]}, common, extra)
    return {"name": "addition_attention", "seconds": seconds, "forced_acc": forced_acc,
            "greedy_acc": greedy_acc, "epochs": epochs, "train_count": len(question),
            "test_count": len(t_question),
            "sample_sums": t_sums[sample].tolist(),
            "sample_questions": ["".join(ADDITION_CHARS[i] for i in row if i)
                                 for row in t_question[sample]]}


# ---------------------------------------------------------------------------------------------
# READMEs
# ---------------------------------------------------------------------------------------------


def digits_readme(r, model_dir, versions):
    return f"""# digits_gru — GRU reading handwritten digits row by row

A Keras {versions['keras']} model: `Input(8, 8)` → `GRU(32)` → `Dense(10, softmax)`. Each 8×8
image is read as 8 time steps (its rows) of 8 features (pixel / 16).

**Accuracy**: {r['test_accuracy']:.1%} on {r['test_count']} held-out images
({r['train_accuracy']:.1%} on the {r['train_count']} training images), after {r['epochs']} epochs.

Sample (data.h5, 8 held-out images): true digits {r['sample_targets']}, predicted
{r['sample_predictions']}.

## Data

*Optical Recognition of Handwritten Digits* (E. Alpaydin, C. Kaynak, Bogazici University, 1998),
UCI Machine Learning Repository, licensed CC BY 4.0 — the 1,797-image copy that ships inside the
scikit-learn wheel (`sklearn/datasets/data/digits.csv.gz`, scikit-learn {r['sklearn']}, BSD-3-Clause),
loaded with `sklearn.datasets.load_digits()`. Nothing is downloaded.

## Training

`python-fixtures/train_models.py` (pinned environment of `python-fixtures/requirements.txt`,
single-threaded CPU, op determinism, seed {DIGITS_SEED}: bit-identical on every run). The images
are shuffled with NumPy (seed {DIGITS_SEED}); the first 360 are held out. Adam (learning rate 0.01),
sparse categorical cross-entropy, batch 32, {r['epochs']} epochs, each epoch on a new NumPy
permutation; a few seconds on one CPU thread.

## Files

* `model.keras` — `model.save("model.keras")` (Keras 3 format, with the optimizer state)
* `model.h5` — `model.save("model.h5")` (Keras 3's legacy HDF5 writer)
* `case.json`, `data.h5` — as the `kind: model` fixtures (python-fixtures/FIXTURE_FORMAT.md):
  `/inputs/rows`, Keras's eager `/outputs/call/0` and `/outputs/predict/0` (probabilities),
  and the true digits `/targets/0`
"""


def sunspots_readme(r, model_dir, versions):
    return f"""# sunspots_lstm — LSTM forecasting the yearly sunspot number

A tf-keras {versions['tf_keras']} model: `Input(10, 1)` → `LSTM(16)` → `Dense(1)`. From the sunspot
numbers of the previous {WINDOW} years (divided by {SCALE:g}, oldest first) it predicts next year's
(divided by {SCALE:g}).

**Accuracy**: mean absolute error {r['test_mae']:.1f} sunspots on the {r['test_count']} test years
{LAST_TRAIN_YEAR + 1}–2008 (repeating last year's value instead: {r['baseline_test_mae']:.1f}),
and {r['train_mae']:.1f} on the {r['train_count']} training years 1710–{LAST_TRAIN_YEAR},
after {r['epochs']} epochs.

Sample (data.h5, years {r['sample_years'][0]}–{r['sample_years'][-1]}): true {r['sample_targets']},
predicted {r['sample_predictions']}.

## Data

Yearly mean sunspot numbers 1700–2008 (the Wolf / Zürich international sunspot number series,
continued by the SIDC / WDC-SILSO, Royal Observatory of Belgium) as distributed by the NOAA
National Geophysical Data Center, public domain — the copy that ships inside the statsmodels wheel
(`statsmodels/datasets/sunspots/sunspots.csv`, statsmodels {r['statsmodels']}, the file
`statsmodels.datasets.sunspots.load_pandas()` reads; statsmodels documents it as "This data is
public domain."). Nothing is downloaded.

## Training

`python-fixtures/train_models.py` (pinned environment, single-threaded CPU, op determinism,
seed {SUNSPOTS_SEED}: bit-identical on every run). Windows whose target year is ≤ {LAST_TRAIN_YEAR}
train, later ones test. Adam (learning rate 0.01), mean squared error, batch 16, {r['epochs']} epochs,
each on a new NumPy permutation; a few seconds on one CPU thread.

## Files

* `model.keras` — `model.save("model.keras")` by tf-keras (its Keras-v3-format writer)
* `model.h5` — `model.save("model.h5")` by tf-keras (legacy HDF5)
* `case.json`, `data.h5` — as the `kind: model` fixtures (python-fixtures/FIXTURE_FORMAT.md):
  `/inputs/window`, Keras's eager `/outputs/call/0` and `/outputs/predict/0`, and the true
  next-year values `/targets/0`
"""


def frames_readme(r, model_dir, versions):
    return f"""# frames_convlstm — ConvLSTM2D predicting the next frame of moving squares

A Keras {versions['keras']} model in the shape of keras-io's next-frame example
(`examples/vision/conv_lstm.py`), smaller: `Input(None, {FRAME}, {FRAME}, 1)` →
`ConvLSTM2D(6, 5×5, relu)` → `BatchNormalization` → `ConvLSTM2D(6, 3×3, relu)` →
`BatchNormalization` → `ConvLSTM2D(6, 1×1, relu)` → `Conv3D(1, 3×3×3, sigmoid)`, every
ConvLSTM2D `padding="same"`, `return_sequences=True`. For each input frame it predicts the next
one.

**Result**: intersection over union of the predicted squares (pixels > 0.5) with the true next
frames {r['test_iou']:.2f} on {r['test_count']} held-out sequences ({r['train_iou']:.2f} on the
{r['train_count']} training sequences); repeating the current frame instead gives
{r['copy_iou']:.2f}. After {r['epochs']} epochs. On the 4 sample sequences of data.h5:
{r['sample_iou']:.2f}.

## Data

Drawn by `moving_squares` in `python-fixtures/train_models.py` with NumPy (`RandomState`, seeds
{FRAMES_SEED} for training and {FRAMES_SEED + 1} for the held-out set): sequences of {FRAMES} binary
{FRAME}×{FRAME} frames with one or two squares (side 2–4 pixels) moving at a constant velocity and
bouncing off the borders. The model sees frames 0–{FRAMES - 2} and is trained to give frames
1–{FRAMES - 1}. Nothing is downloaded.

## Training

`python-fixtures/train_models.py` (pinned environment, single-threaded CPU, op determinism, seed
{FRAMES_SEED}: bit-identical on every run). Adam (learning rate 0.003), binary cross-entropy,
batch 16, {r['epochs']} epochs, each on a new NumPy permutation; BatchNormalization momentum 0.9
(so that its moving statistics follow the few training steps).

## Files

* `model.keras` — `model.save("model.keras")` (Keras 3 format)
* `model.weights.h5` + `config.json` — `model.save_weights(...)` and `model.to_json()`
* `case.json`, `data.h5` — as the `kind: model` fixtures (python-fixtures/FIXTURE_FORMAT.md):
  `/inputs/frames` (4 held-out sequences of {FRAMES - 1} frames), Keras's eager
  `/outputs/call/0` and `/outputs/predict/0` (next-frame probabilities), and the true next
  frames `/targets/0`
"""


def strips_readme(r, model_dir, versions):
    return f"""# strips_crnn — CRNN reading four handwritten digits column by column

A tf-keras {versions['tf_keras']} model in the shape of keras-io's CRNN examples
(`examples/vision/captcha_ocr.py`, `handwriting_recognition.py`): `Input(32, 8, 1)` (a strip of
{DIGITS_PER_STRIP} digits, width first) → `Conv2D(16, 3×3, relu)` → `MaxPooling2D(2)` →
`Reshape(16, 64)` (16 column steps) → `Dense(32, relu)` → `Bidirectional(LSTM(24,
return_sequences=True))` → `Dense(10, softmax)`: a digit distribution for every column step.
Each digit is read as the argmax of the mean over its 4 column steps (framewise labels instead of
keras-io's CTC loss, which needs variable-length labels).

**Accuracy**: {r['digit_acc']:.1%} of the digits and {r['strip_acc']:.1%} of whole strips on
{r['test_count']} held-out strips (digits from 360 held-out images only; {r['train_digit_acc']:.1%}
of the digits on the {r['train_count']} training strips), after {r['epochs']} epochs.

Sample (data.h5, 8 held-out strips): true {r['sample_targets']}, read {r['sample_predictions']}.

## Data

*Optical Recognition of Handwritten Digits* (E. Alpaydin, C. Kaynak, Bogazici University, 1998),
UCI Machine Learning Repository, licensed CC BY 4.0 — the copy inside the scikit-learn wheel
(`sklearn/datasets/data/digits.csv.gz`, scikit-learn {r['sklearn']}, BSD-3-Clause), loaded with
`sklearn.datasets.load_digits()`; pixels / 16. The images are split with NumPy (seed
{STRIPS_SEED}: 360 held out), and strips of {DIGITS_PER_STRIP} images are drawn from each part with
NumPy (seeds {STRIPS_SEED} and {STRIPS_SEED + 1}). Nothing is downloaded.

## Training

`python-fixtures/train_models.py` (pinned environment, single-threaded CPU, op determinism, seed
{STRIPS_SEED}: bit-identical on every run). Adam (learning rate 0.005), sparse categorical
cross-entropy per column step, batch 32, {r['epochs']} epochs, each on a new NumPy permutation.

## Files

* `model.h5` — `model.save("model.h5")` by tf-keras (legacy HDF5)
* `model.keras` — `model.save("model.keras")` by tf-keras (its Keras-v3-format writer)
* `case.json`, `data.h5` — as the `kind: model` fixtures (python-fixtures/FIXTURE_FORMAT.md):
  `/inputs/strip`, Keras's eager `/outputs/call/0` and `/outputs/predict/0` (per-column digit
  probabilities), and the true digits `/targets/0`
"""


def addition_readme(r, model_dir, versions):
    return f"""# addition_attention — seq2seq encoder–decoder with Attention adding two numbers

A tf-keras {versions['tf_keras']} encoder–decoder with Luong attention on keras-io's
`addition_rnn.py` task: the question `"a+b"` (a, b < 1000, as characters) →
`Embedding(14, 16, mask_zero=True)` → `LSTM(48, return_sequences=True, return_state=True)`; the
answer so far (start token, then the sum's digits, least significant first) →
`Embedding(mask_zero=True)` → `LSTM(48, return_sequences=True)` started from the encoder's
`[h, c]` → `Attention()([decoder, encoder])` (the padding of both masked) → `Concatenate` →
`Dense(14, softmax)`: the next character at every step.

**Accuracy**: {r['greedy_acc']:.1%} of {r['test_count']} held-out sums exactly right when the model
decodes alone (greedy, its own characters fed back); {r['forced_acc']:.1%} with the true answer
fed (teacher forcing, what data.h5 records), after {r['epochs']} epochs on {r['train_count']}
questions.

Sample (data.h5, 8 held-out questions): {r['sample_questions']} = {r['sample_sums']}.

## Data

Drawn by `addition_data` in `python-fixtures/train_models.py` with NumPy (`RandomState`, seeds
{ADDITION_SEED} for training and {ADDITION_SEED + 1} for the held-out set). Ids: 0 pads (masked),
1–10 the digits, 11 `+`, {ADDITION_START} start, {ADDITION_END} end. Nothing is downloaded.

## Training

`python-fixtures/train_models.py` (pinned environment, single-threaded CPU, op determinism, seed
{ADDITION_SEED}: bit-identical on every run). Adam (learning rate 0.01), sparse categorical
cross-entropy with the padding steps weighted 0, batch 64, {r['epochs']} epochs, each on a new
NumPy permutation.

## Files

* `model.keras` — `model.save("model.keras")` by tf-keras (its Keras-v3-format writer)
* `model.h5` — `model.save("model.h5")` by tf-keras (legacy HDF5)
* `case.json`, `data.h5` — as the `kind: model` fixtures (python-fixtures/FIXTURE_FORMAT.md):
  `/inputs/question`, `/inputs/answer_so_far`, Keras's eager `/outputs/call/0` and
  `/outputs/predict/0` (next-character probabilities), and the targets `/targets/0`
"""


def index_readme(results):
    d, s, f, c, a = results
    return f"""# models/

Real models trained on public data that ships inside PyPI packages (or, for frames_convlstm and
addition_attention, on data the script draws deterministically), by `python-fixtures/train_models.py` (which also
writes this file; do not edit it by hand). Each folder holds the model as `.keras` and legacy `.h5` (frames_convlstm: `.keras` and `.weights.h5` with its
config), `case.json` + `data.h5` (sample inputs and Keras's
recorded eager and `predict()` outputs, the layout of the `kind: model` fixtures in
`python-fixtures/FIXTURE_FORMAT.md`) and a README citing the data. CI retrains them
(`python-fixtures/regenerate_and_check.sh`) and checks every array against these files.

| model | Keras | data (source) | result |
|---|---|---|---|
| [`digits_gru`](digits_gru/) | Keras 3 | handwritten digits (scikit-learn) | {d['test_accuracy']:.1%} test accuracy |
| [`sunspots_lstm`](sunspots_lstm/) | tf-keras 2 | yearly sunspots 1700–2008 (statsmodels) | MAE {s['test_mae']:.1f} on 1921–2008 (persistence {s['baseline_test_mae']:.1f}) |
| [`frames_convlstm`](frames_convlstm/) | Keras 3 | moving squares (drawn by the script) | next-frame IoU {f['test_iou']:.2f} (repeating the frame {f['copy_iou']:.2f}) |
| [`strips_crnn`](strips_crnn/) | tf-keras 2 | strips of 4 handwritten digits (scikit-learn) | {c['digit_acc']:.1%} of digits, {c['strip_acc']:.1%} of strips read |
| [`addition_attention`](addition_attention/) | tf-keras 2 | sums of two numbers (drawn by the script) | {a['greedy_acc']:.1%} of sums right, decoding alone |
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="models folder to rebuild")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tf, frameworks = gf.load_frameworks()
    tf.config.experimental.enable_op_determinism()
    mf.quiet_absl()
    common = {"versions": gf.versions(tf, frameworks), "environment": gf.environment()}
    import sklearn
    import statsmodels
    common["versions"].update(scikit_learn=sklearn.__version__,
                              statsmodels=statsmodels.__version__)
    out_dir = args.out.resolve()
    gf.prepare_out_dir(out_dir)

    digits = train_digits(frameworks[mf.KERAS3], out_dir, common)
    sunspots = train_sunspots(frameworks[mf.TF_KERAS], out_dir, common)
    frames = train_frames(frameworks[mf.KERAS3], out_dir, common)
    strips = train_strips(frameworks[mf.TF_KERAS], out_dir, common)
    addition = train_addition(frameworks[mf.TF_KERAS], out_dir, common)
    versions = common["versions"]
    (out_dir / "digits_gru" / "README.md").write_text(
        digits_readme(digits, out_dir / "digits_gru", versions), encoding="utf-8")
    (out_dir / "sunspots_lstm" / "README.md").write_text(
        sunspots_readme(sunspots, out_dir / "sunspots_lstm", versions), encoding="utf-8")
    (out_dir / "frames_convlstm" / "README.md").write_text(
        frames_readme(frames, out_dir / "frames_convlstm", versions), encoding="utf-8")
    (out_dir / "strips_crnn" / "README.md").write_text(
        strips_readme(strips, out_dir / "strips_crnn", versions), encoding="utf-8")
    (out_dir / "addition_attention" / "README.md").write_text(
        addition_readme(addition, out_dir / "addition_attention", versions), encoding="utf-8")
    (out_dir / "README.md").write_text(
        index_readme((digits, sunspots, frames, strips, addition)), encoding="utf-8")
    gf.write_json(out_dir / "manifest.json",
                  {"generator": GENERATOR, **common,
                   "cases": ["digits_gru", "sunspots_lstm", "frames_convlstm", "strips_crnn",
                             "addition_attention"]})

    print(f"digits_gru: test accuracy {digits['test_accuracy']:.4f} "
          f"(train {digits['train_accuracy']:.4f}), {digits['seconds']:.1f} s training")
    print(f"sunspots_lstm: test MAE {sunspots['test_mae']:.2f} (persistence "
          f"{sunspots['baseline_test_mae']:.2f}, train {sunspots['train_mae']:.2f}), "
          f"{sunspots['seconds']:.1f} s training")
    print(f"frames_convlstm: test IoU {frames['test_iou']:.3f} (copying the frame "
          f"{frames['copy_iou']:.3f}), {frames['seconds']:.1f} s training")
    print(f"strips_crnn: digit accuracy {strips['digit_acc']:.4f}, strip accuracy "
          f"{strips['strip_acc']:.4f}, {strips['seconds']:.1f} s training")
    print(f"addition_attention: greedy exact {addition['greedy_acc']:.4f}, teacher-forced "
          f"{addition['forced_acc']:.4f}, {addition['seconds']:.1f} s training")
    print(f"trained 5 models into {out_dir} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

package dev.kerasrnn.model;

/**
 * Which of Keras's two answers a prediction reproduces bit for bit. They differ: {@code
 * model.predict()} runs a traced {@code tf.function} that TensorFlow's graph optimizer rewrites
 * (additions regrouped, divisions by constants turned into multiplications), {@code model(x)}
 * runs the ops one by one.
 */
public enum Target {
  /** Keras's eager call {@code model(x)}: the ops as written, Grappler off. */
  CALL,
  /**
   * Keras's {@code model.predict(x, batch_size=B)} on a freshly loaded model: the function
   * library Keras would trace, rebuilt in Java and run as TF Python runs a {@code tf.function}.
   */
  PREDICT
}

package io.ecsreconciler.loop;

/** Does AWS match the desired state (as last seen)? */
public enum Sync {
  /** The last pass left nothing to do. */
  Synced,
  /** Changes are pending: observe mode, a blocked change, or a failed apply. */
  OutOfSync,
  /** The file does not validate: the stack is not touched until a valid revision arrives. */
  Invalid,
  /** Not known yet, or AWS or the source could not be read. */
  Unknown
}

package io.ecsreconciler.suspend;

/** Sets and clears one stack's suspension where it is kept (a tag on the stack's ECS cluster). */
public interface SuspensionSwitch {

  /** @throws IllegalStateException when the stack has nothing yet to keep the flag on (no cluster) */
  void suspend(Suspension suspension);

  void resume();
}

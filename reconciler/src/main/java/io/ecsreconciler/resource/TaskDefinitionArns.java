package io.ecsreconciler.resource;

/** The parts of {@code arn:aws:ecs:region:account:task-definition/family:revision}. */
public final class TaskDefinitionArns {

  private TaskDefinitionArns() {
  }

  public static String family(String arn) {
    var name = arn.substring(arn.lastIndexOf('/') + 1);
    return name.substring(0, name.lastIndexOf(':'));
  }

  public static int revision(String arn) {
    return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
  }
}

package io.ecsreconciler.resource;

/**
 * The AWS names of a stack's name-addressed resources, all derived from the stack name (which the schema keeps
 * short enough for the tightest limit, the load balancer's 32 characters).
 */
public record StackNames(String stack) {

  public String groupName(String role) {
    return stack + "-" + role;
  }

  public String logGroup() {
    return "/ecs/" + stack;
  }

  public String executionRole() {
    return stack + "-execution";
  }

  public String cluster() {
    return stack;
  }

  public String taskFamily() {
    return stack;
  }

  public String service() {
    return stack;
  }

  public String loadBalancer() {
    return stack + "-alb";
  }

  public String targetGroup() {
    return stack + "-tg";
  }

  /** How Application Auto Scaling names the service: {@code service/<cluster>/<service>}. */
  public String scalableResourceId() {
    return "service/" + cluster() + "/" + service();
  }

  public String scalingPolicy() {
    return stack + "-cpu";
  }

  /** The containers' name inside the task definition. */
  public String container() {
    return stack;
  }
}

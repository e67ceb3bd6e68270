package io.ecsreconciler.resource;

import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** EC2 error codes as outcomes: each kind names once which codes mean "already done" for it. */
public final class Ec2Errors {

  private Ec2Errors() {
  }

  /** Runs an idempotent step, taking these error codes (say {@code InvalidGroup.NotFound} on delete) as success. */
  public static void ignoring(Set<String> codes, Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      if (!is(e, codes)) {
        throw e;
      }
    }
  }

  public static boolean is(Ec2Exception e, Set<String> codes) {
    return e.awsErrorDetails() != null && codes.contains(e.awsErrorDetails().errorCode());
  }
}

package io.ecsreconciler.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.AwsSignerExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The message of every call AWS refused, made fit to show wherever the reconciler shows AWS errors (a resource's
 * failed outcome, a stack's last error, an event, a log line):
 *
 * <ul>
 *   <li>it starts with the call's IAM action ({@code ecs:RegisterTaskDefinition: ...}): the SDK's message names the
 *       service and the status, not the operation, and an error body the SDK cannot read (an emulator's, a
 *       proxy's) leaves only "Service returned HTTP status code 403";
 *   <li>it never carries the caller's credentials: AWS's {@code SignatureDoesNotMatch} quotes the canonical
 *       request it expected, signed headers and all, and {@code x-amz-security-token} is one of them; a proxy or
 *       emulator may echo more. The session token and secret key of the credentials in use, and any
 *       {@code x-amz-security-token} value, become {@code ***}.
 * </ul>
 *
 * <p>The exception keeps its type and error code, so code that catches or matches them is unaffected.
 */
final class FailedCallMessages implements ExecutionInterceptor {

  private static final Pattern TOKEN_HEADER = Pattern.compile("(?i)(x-amz-security-token\\s*[:=]\\s*)[^\\s'\"&,;]+");
  private static final String HIDDEN = "***";

  private final AwsCredentialsProvider credentials;

  /** @param credentials the credentials the clients sign with, whose secret parts never appear in a message */
  FailedCallMessages(AwsCredentialsProvider credentials) {
    this.credentials = credentials;
  }

  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (!(context.exception() instanceof AwsServiceException refused) || refused.awsErrorDetails() == null) {
      return context.exception();
    }
    var action = action(attributes);
    var builder = refused.toBuilder();
    var message = builder.message() != null && !builder.message().isBlank() ? builder.message()
        : refused.awsErrorDetails().errorMessage();
    if (message == null || message.isBlank()) {
      message = "Service returned HTTP status code " + refused.statusCode();
    }
    message = hideSecrets(message);
    var details = refused.awsErrorDetails().toBuilder()
        .errorMessage(refused.awsErrorDetails().errorMessage() == null ? null
            : hideSecrets(refused.awsErrorDetails().errorMessage()))
        .rawResponse(null) // the body as AWS sent it, echoes included: nothing of the reconciler reads it
        .build();
    return builder.message(message.startsWith(action + ": ") ? message : action + ": " + message)
        .awsErrorDetails(details).build();
  }

  @SuppressWarnings("deprecation") // the signing name is IAM's service prefix; the SDK still sets the attribute
  private static String action(ExecutionAttributes attributes) {
    var prefix = attributes.getAttribute(AwsSignerExecutionAttribute.SERVICE_SIGNING_NAME);
    if (prefix == null) {
      prefix = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT);
    }
    return prefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  String hideSecrets(String text) {
    var hidden = TOKEN_HEADER.matcher(text).replaceAll("$1" + HIDDEN);
    for (var secret : secrets()) {
      hidden = hidden.replace(secret, HIDDEN);
    }
    return hidden;
  }

  /** The secret parts of the credentials in use; none when they cannot be had now (the message is still cut). */
  private List<String> secrets() {
    var secrets = new ArrayList<String>();
    try {
      var current = credentials.resolveCredentials();
      secrets.add(current.secretAccessKey());
      if (current instanceof AwsSessionCredentials session) {
        secrets.add(session.sessionToken());
      }
    } catch (RuntimeException unavailable) {
      // no credentials now (that may be what failed): the token pattern above still applies
    }
    secrets.removeIf(secret -> secret == null || secret.length() < 8); // a short value would hide ordinary words
    return secrets;
  }
}

package io.ecsreconciler.testing.faults;

import io.ecsreconciler.aws.ApiCallCounter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS operation one HTTP request carries, read the way AWS's front ends read it: JSON-protocol services
 * name it in {@code X-Amz-Target} ({@code AmazonEC2ContainerServiceV20141113.CreateService}); query-protocol
 * services (EC2, ELBv2, IAM, STS) in the {@code Action=} form field, with the service in the SigV4
 * {@code Authorization} header's credential scope ({@code Credential=AKID/20260101/us-east-1/ec2/aws4_request}).
 * Reads and mutations are told apart as {@link ApiCallCounter#isMutating} does.
 *
 * @param service   the signing name: {@code ec2}, {@code elasticloadbalancing}, {@code iam}, {@code ecs}, ...
 * @param operation e.g. {@code CreateVpc}; {@code unknown} when the request names none
 * @param protocol  how the service answers errors
 */
public record AwsCall(String service, String operation, Protocol protocol) {

  /** The wire protocols of the services the reconciler calls, as far as their error answers differ. */
  public enum Protocol {
    /** EC2's query protocol: {@code <Response><Errors><Error>...}. */
    EC2_QUERY,
    /** The other query-protocol services (ELBv2, IAM, STS): {@code <ErrorResponse><Error>...}. */
    QUERY,
    /** JSON 1.0/1.1 (ECS, ECR, Logs, DynamoDB, Application Auto Scaling): {@code {"__type": ...}}. */
    JSON
  }

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

  /** The {@code X-Amz-Target} prefix of each JSON-protocol service, to its signing name. */
  private static final Map<String, String> JSON_TARGETS = Map.of(
      "AmazonEC2ContainerServiceV20141113", "ecs",
      "AmazonEC2ContainerRegistry_V20150921", "ecr",
      "Logs_20140328", "logs",
      "DynamoDB_20120810", "dynamodb",
      "AnyScaleFrontendService", "application-autoscaling");

  public boolean mutating() {
    return ApiCallCounter.isMutating(operation);
  }

  /** {@code ecs:CreateService}. */
  public String name() {
    return service + ":" + operation;
  }

  static AwsCall of(RawHttp.Request request) {
    var target = request.header("X-Amz-Target");
    if (target.isPresent()) {
      var value = target.get();
      var dot = value.lastIndexOf('.');
      var prefix = dot < 0 ? value : value.substring(0, dot);
      var service = JSON_TARGETS.getOrDefault(prefix, signingName(request).orElse(prefix));
      return new AwsCall(service, value.substring(dot + 1), Protocol.JSON);
    }
    var service = signingName(request).orElse("unknown");
    var operation = action(request).orElse("unknown");
    return new AwsCall(service, operation, service.equals("ec2") ? Protocol.EC2_QUERY : Protocol.QUERY);
  }

  private static Optional<String> signingName(RawHttp.Request request) {
    return request.header("Authorization").map(SCOPE::matcher).filter(java.util.regex.Matcher::find)
        .map(m -> m.group(1).toLowerCase(Locale.ROOT));
  }

  /** {@code Action=} in the query string or the form body. */
  private static Optional<String> action(RawHttp.Request request) {
    var query = request.query();
    var form = (query.isEmpty() ? "" : query + "&") + new String(request.body(), StandardCharsets.UTF_8);
    for (var field : form.split("&")) {
      if (field.startsWith("Action=")) {
        return Optional.of(URLDecoder.decode(field.substring("Action=".length()), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}

package io.ecsreconciler.testing.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Error answers as each AWS protocol sends them, so the SDK parses the code it would parse from AWS and its
 * retry strategy treats them as it would AWS's:
 * <ul>
 *   <li>EC2 throttles with HTTP 503 and {@code <Response><Errors><Error><Code>RequestLimitExceeded}, its
 *       server errors are {@code InternalError} (500) and {@code Unavailable} (503);</li>
 *   <li>ELBv2, IAM and STS (query protocol) throttle with HTTP 400 and
 *       {@code <ErrorResponse><Error><Type>Sender</Type><Code>Throttling}; server errors are
 *       {@code InternalFailure} (500) and {@code ServiceUnavailable} (503), type {@code Receiver};</li>
 *   <li>JSON-protocol services (ECS, ECR, Logs, DynamoDB, Application Auto Scaling) throttle with HTTP 400,
 *       {@code {"__type":"ThrottlingException","message":...}} and the {@code x-amzn-ErrorType} header;
 *       server errors are {@code InternalError} (500) and {@code ServiceUnavailable} (503).</li>
 * </ul>
 */
final class AwsErrors {

  private AwsErrors() {
  }

  static RawHttp.Response throttling(AwsCall call) {
    return switch (call.protocol()) {
      case EC2_QUERY -> ec2(503, "RequestLimitExceeded", "Request limit exceeded.");
      case QUERY -> query(400, "Sender", "Throttling", "Rate exceeded");
      case JSON -> json(400, "ThrottlingException", "Rate exceeded");
    };
  }

  /** 500 or 503, with the body the service's protocol gives such a status. */
  static RawHttp.Response serverError(AwsCall call, int status) {
    var unavailable = status == 503;
    return switch (call.protocol()) {
      case EC2_QUERY -> ec2(status, unavailable ? "Unavailable" : "InternalError",
          unavailable ? "The server is overloaded or cannot handle the request." : "An internal error has occurred.");
      case QUERY -> query(status, "Receiver", unavailable ? "ServiceUnavailable" : "InternalFailure",
          unavailable ? "Service is unavailable." : "An internal error has occurred.");
      case JSON -> json(status, unavailable ? "ServiceUnavailable" : "InternalError",
          unavailable ? "Service is unavailable." : "An internal error has occurred.");
    };
  }

  private static RawHttp.Response ec2(int status, String code, String message) {
    var body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
        + message + "</Message></Error></Errors><RequestID>" + requestId() + "</RequestID></Response>";
    return new RawHttp.Response(status, List.of(Map.entry("Content-Type", "text/xml;charset=UTF-8")), bytes(body));
  }

  private static RawHttp.Response query(int status, String type, String code, String message) {
    var body = "<ErrorResponse><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>" + requestId() + "</RequestId></ErrorResponse>";
    return new RawHttp.Response(status, List.of(Map.entry("Content-Type", "text/xml")), bytes(body));
  }

  private static RawHttp.Response json(int status, String type, String message) {
    var body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
    return new RawHttp.Response(status, List.of(
        Map.entry("Content-Type", "application/x-amz-json-1.1"),
        Map.entry("x-amzn-RequestId", requestId()),
        // As AWS sends it: the code, then the fault's namespace after a colon (the SDK keeps what precedes it).
        Map.entry("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.coral.availability/")),
        bytes(body));
  }

  private static String requestId() {
    return UUID.randomUUID().toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.ecsreconciler.cli;

import io.ecsreconciler.aws.AwsSettings;
import java.net.URI;
import picocli.CommandLine.Option;

/** Options of every command that talks to AWS; credentials always come from the default chain. */
final class AwsOptions {

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "AWS endpoint (an emulator such as moto); default: $AWS_ENDPOINT_URL, else AWS itself")
  URI endpoint;

  /** The stack's region, with this command's endpoint override when one was given. */
  AwsSettings settingsFor(String region) {
    var settings = AwsSettings.forRegion(region);
    return endpoint == null ? settings : settings.withEndpoint(endpoint);
  }
}

package io.ecsreconciler.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import io.ecsreconciler.desired.StackLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import tools.jackson.databind.json.JsonMapper;

/** What spec.policy.ignoreDrift accepts (the schema's list) is exactly every field of every kind's state. */
class IgnorableFieldsTest {

  @Test
  void theSchemaListsEveryFieldOfEveryKindAndNothingElse() throws Exception {
    var spec = new StackLoader().load(Path.of("../desired-state/hello.yaml"),
        Files.readString(Path.of("../desired-state/hello.yaml"))).stack().orElseThrow();
    var settings = new AwsSettings(Region.US_EAST_1, Optional.of(URI.create("http://127.0.0.1:9")), Optional.empty());
    var fields = new TreeSet<String>();
    try (var clients = AwsClients.create(settings, new ApiCallCounter())) {
      for (var kind : EcsStackResources.model(spec, clients).kinds()) {
        Arrays.stream(kind.stateType().getRecordComponents())
            .forEach(component -> fields.add(kind.name() + "." + component.getName()));
      }
    }

    var schema = JsonMapper.builder().build().readTree(Path.of("../schema/ecs-stack.v1.schema.json").toFile());
    var listed = new TreeSet<String>();
    schema.at("/properties/spec/properties/policy/properties/ignoreDrift/items/enum")
        .forEach(item -> listed.add(item.asString()));

    assertThat(listed).isEqualTo(fields);
  }
}

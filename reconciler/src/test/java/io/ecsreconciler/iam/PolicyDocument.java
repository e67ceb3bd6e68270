package io.ecsreconciler.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One IAM policy file of docs/iam, read as it is shipped, with its placeholders filled in as an installer would. */
final class PolicyDocument {

  static final Path FOLDER = Path.of("../docs/iam");
  static final Path RECONCILER = FOLDER.resolve("reconciler-policy.json");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");

  /** A statement: its Sid and actions. */
  record Statement(String sid, List<String> actions, JsonNode json) {}

  private final String name;
  private final ObjectNode document;

  private PolicyDocument(String name, ObjectNode document) {
    this.name = name;
    this.document = document;
  }

  /** The file with each {@code <PLACEHOLDER>} replaced; a placeholder without a value is an error. */
  static PolicyDocument read(Path file, Map<String, String> values) {
    try {
      var text = Files.readString(file);
      for (var value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      var left = PLACEHOLDER.matcher(text);
      if (left.find()) {
        throw new IllegalArgumentException(file + ": no value for " + left.group());
      }
      return new PolicyDocument(file.getFileName().toString(), (ObjectNode) JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file as shipped, placeholders and all. */
  static PolicyDocument asShipped(Path file) {
    try {
      return new PolicyDocument(file.getFileName().toString(), (ObjectNode) JSON.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  List<Statement> statements() {
    var statements = new ArrayList<Statement>();
    for (var statement : document.path("Statement")) {
      var actions = new ArrayList<String>();
      var action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asString()));
      } else {
        actions.add(action.asString());
      }
      statements.add(new Statement(statement.path("Sid").asString(), List.copyOf(actions), statement));
    }
    return statements;
  }

  /** The same policy without the statement of this Sid. */
  PolicyDocument without(String sid) {
    return filtered(statement -> !statement.sid().equals(sid), name + " without " + sid);
  }

  /** The statements whose Sid matches, as a policy of its own (how the installer splits the policy). */
  PolicyDocument part(Pattern sids, String partName) {
    return filtered(statement -> sids.matcher(statement.sid()).lookingAt(), partName);
  }

  /**
   * The policy as moto can evaluate it: moto checks an identity policy's actions, but every call except IAM's on
   * an existing role is checked against the resource {@code *} (see README's "Least privilege"), so a statement
   * scoped to ARNs would match nothing there. Conditions are kept: moto ignores them.
   */
  PolicyDocument withEveryResourceStar() {
    var copy = document.deepCopy();
    copy.path("Statement").forEach(statement -> ((ObjectNode) statement).put("Resource", "*"));
    return new PolicyDocument(name, copy);
  }

  String json() {
    return JSON.writeValueAsString(document);
  }

  /** Characters IAM counts against a managed policy's 6,144: all but whitespace. */
  int sizeWithoutWhitespace() {
    return json().replaceAll("\\s", "").length();
  }

  private PolicyDocument filtered(Predicate<Statement> keep, String newName) {
    var copy = document.deepCopy();
    ArrayNode kept = JSON.createArrayNode();
    statements().stream().filter(keep).forEach(statement -> kept.add(statement.json().deepCopy()));
    copy.set("Statement", kept);
    return new PolicyDocument(newName, copy);
  }

  /** A policy written here, not read from docs/iam (a caller's own permission to assume the role). */
  static PolicyDocument of(String name, String json) {
    return new PolicyDocument(name, (ObjectNode) JSON.readTree(json));
  }

  /** Placeholder values for moto's account, region and any stack. */
  static Map<String, String> motoValues() {
    var values = new LinkedHashMap<String, String>();
    values.put("<ACCOUNT_ID>", "123456789012");
    values.put("<REGION>", "us-east-1");
    values.put("<STACK_NAME_PATTERN>", "*");
    return values;
  }
}

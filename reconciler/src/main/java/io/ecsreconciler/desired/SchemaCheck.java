package io.ecsreconciler.desired;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Validates a document against the published schema ({@code schema/ecs-stack.v1.schema.json}, packaged on the
 * classpath) and turns each schema error into a located, readable {@link YamlDocument.Located}.
 */
final class SchemaCheck {

  static final String SCHEMA_RESOURCE = "/ecs-stack.v1.schema.json";

  private final JsonNode schemaJson;
  private final Schema schema;

  SchemaCheck() {
    try (var in = SchemaCheck.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema " + SCHEMA_RESOURCE + " is missing from the classpath");
      }
      schemaJson = new ObjectMapper().readTree(in);
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<YamlDocument.Located> check(YamlDocument document) {
    var problems = new ArrayList<YamlDocument.Located>();
    for (var error : schema.validate(document.json())) {
      problems.add(locate(document, error));
    }
    return problems;
  }

  private YamlDocument.Located locate(YamlDocument document, Error error) {
    var pointer = pointer(error);
    var keyword = error.getKeyword();
    var property = error.getProperty();
    var schemaNode = error.getSchemaNode();
    return switch (keyword) {
      case "additionalProperties" -> {
        var member = pointer + "/" + property;
        var mark = document.keyMark(member);
        yield new YamlDocument.Located(mark.getLine(), mark.getColumn(), YamlDocument.fieldOf(member),
            "unknown field", String.join(", ", knownFields(pointer)));
      }
      case "required" -> {
        // At the key of the mapping that lacks it ("image:"), which is where a person adds the field.
        var mark = document.keyMark(pointer);
        yield new YamlDocument.Located(mark.getLine(), mark.getColumn(), YamlDocument.fieldOf(pointer + "/" + property),
            "required field is missing", "");
      }
      default -> {
        var mark = document.valueMark(pointer);
        yield new YamlDocument.Located(mark.getLine(), mark.getColumn(), YamlDocument.fieldOf(pointer),
            problem(keyword, error.getInstanceNode(), schemaNode), allowed(keyword, schemaNode, error));
      }
    };
  }

  /** networknt reports where in the instance the error is as a path of names and indexes. */
  private static String pointer(Error error) {
    var path = error.getInstanceLocation();
    var pointer = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      pointer.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /** The field names the schema declares for the object at this instance pointer. */
  private List<String> knownFields(String pointer) {
    var node = schemaJson;
    for (var part : pointer.split("/")) {
      if (!part.isEmpty()) {
        node = part.chars().allMatch(Character::isDigit) ? node.path("items") : node.path("properties").path(part);
      }
    }
    var names = new ArrayList<String>();
    node.path("properties").propertyNames().forEach(names::add);
    return names;
  }

  private static String problem(String keyword, JsonNode value, JsonNode schemaNode) {
    var shown = value == null ? "null" : value.toString();
    return switch (keyword) {
      case "type" -> "expected " + schemaNode.asString() + ", got " + typeOf(value)
          + (value == null || value.isNull() ? "" : " " + shown);
      case "enum", "const" -> "value " + shown + " is not allowed";
      case "pattern" -> "value " + shown + " is not valid";
      case "minimum", "maximum" -> "value " + shown + " is out of range";
      case "minLength", "maxLength" -> "value " + shown + " has the wrong length";
      case "minItems", "maxItems" -> "list has " + (value == null ? 0 : value.size()) + " items";
      case "uniqueItems" -> "list has duplicate items";
      default -> keyword + " check failed for " + shown;
    };
  }

  private static String allowed(String keyword, JsonNode schemaNode, Error error) {
    return switch (keyword) {
      case "type" -> schemaNode.asString();
      case "enum" -> schemaNode.valueStream().map(JsonNode::toString).map(SchemaCheck::unquote)
          .collect(Collectors.joining(", "));
      case "const" -> unquote(schemaNode.toString());
      case "pattern" -> "text matching " + schemaNode.asString();
      case "minimum" -> ">= " + schemaNode.asString();
      case "maximum" -> "<= " + schemaNode.asString();
      case "minLength" -> "at least " + schemaNode.asString() + " characters";
      case "maxLength" -> "at most " + schemaNode.asString() + " characters";
      case "minItems" -> "at least " + schemaNode.asString() + " items";
      case "maxItems" -> "at most " + schemaNode.asString() + " items";
      case "uniqueItems" -> "each item once";
      default -> error.getMessage();
    };
  }

  private static String typeOf(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "mapping";
    }
    if (value.isArray()) {
      return "list";
    }
    if (value.isNumber()) {
      return value.isIntegralNumber() ? "integer" : "number";
    }
    return value.isBoolean() ? "boolean" : "string";
  }

  private static String unquote(String json) {
    return json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }
}

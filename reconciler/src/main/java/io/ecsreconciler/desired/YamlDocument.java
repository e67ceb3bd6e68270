package io.ecsreconciler.desired;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A YAML file turned into a JSON tree for schema validation, remembering where every value stood so that
 * later checks can point at a line and column. Hostile input is refused before it can cost much: a size
 * limit, a nesting limit checked on the (iterative) event stream before the (recursive) composer runs, an
 * alias limit against "billion laughs", and duplicate keys, which YAML parsers otherwise resolve silently.
 */
final class YamlDocument {

  static final int MAX_CHARACTERS = 64 * 1024;
  static final int MAX_DEPTH = 16;
  static final int MAX_ALIASES = 8;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final JsonNode root;
  private final Map<String, Mark> valueMarks;
  private final Map<String, Mark> keyMarks;

  private YamlDocument(JsonNode root, Map<String, Mark> valueMarks, Map<String, Mark> keyMarks) {
    this.root = root;
    this.valueMarks = valueMarks;
    this.keyMarks = keyMarks;
  }

  /** The parsed document, or the problems that kept it from being parsed (with the source, for marks). */
  record Parsed(Optional<YamlDocument> document, List<Located> problems) {}

  /** A problem found while reading YAML, located by the parser's mark (0-based). */
  record Located(int line, int column, String field, String message, String allowed) {}

  static Parsed parse(String name, String text) {
    if (text.length() > MAX_CHARACTERS) {
      return failed(new Located(0, 0, "", "file is " + text.length() + " characters long",
          "at most " + MAX_CHARACTERS));
    }
    var settings = LoadSettings.builder()
        .setLabel(name)
        .setAllowDuplicateKeys(true) // checked below, so that every duplicate is reported with its line
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(true) // refused below with the key's line, not by the composer without one
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setCodePointLimit(MAX_CHARACTERS * 4)
        .build();
    try {
      var hostile = firstHostile(settings, text);
      if (hostile.isPresent()) {
        return failed(hostile.get());
      }
      Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
      var nodes = new ArrayList<Node>();
      documents.forEach(nodes::add);
      if (nodes.isEmpty()) {
        return failed(new Located(0, 0, "", "file is empty", "one EcsStack document"));
      }
      if (nodes.size() > 1) {
        var second = nodes.get(1).getStartMark().orElseThrow();
        return failed(new Located(second.getLine(), second.getColumn(), "",
            "more than one YAML document", "one stack per file"));
      }
      var builder = new Builder();
      var json = builder.convert(nodes.getFirst(), "");
      if (!builder.problems.isEmpty()) {
        return new Parsed(Optional.empty(), builder.problems);
      }
      return new Parsed(Optional.of(new YamlDocument(json, builder.valueMarks, builder.keyMarks)), List.of());
    } catch (MarkedYamlEngineException e) {
      var mark = e.getProblemMark().or(e::getContextMark);
      return failed(new Located(mark.map(Mark::getLine).orElse(0), mark.map(Mark::getColumn).orElse(0), "",
          "invalid YAML: " + firstLine(e.getProblem()), ""));
    } catch (YamlEngineException e) {
      return failed(new Located(0, 0, "", "invalid YAML: " + firstLine(e.getMessage()), ""));
    }
  }

  JsonNode json() {
    return root;
  }

  /** Where the value at this JSON pointer stands; for a missing value, the nearest enclosing one that exists. */
  Mark valueMark(String pointer) {
    for (var p = pointer; ; p = parent(p)) {
      var mark = valueMarks.get(p);
      if (mark != null || p.isEmpty()) {
        return mark != null ? mark : valueMarks.get("");
      }
    }
  }

  /** Where the key of this member stands (for "unknown field" errors), else where its value stands. */
  Mark keyMark(String pointer) {
    var mark = keyMarks.get(pointer);
    return mark != null ? mark : valueMark(pointer);
  }

  private static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  private static Parsed failed(Located problem) {
    return new Parsed(Optional.empty(), List.of(problem));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Walks the event stream (no recursion) before the recursive composer and converter run, and reports the
   * first collection nested deeper than allowed, the first alias to a collection that contains it (it would
   * recurse forever) and the first alias to a collection over the limit ("billion laughs"), each at its mark.
   */
  private static Optional<Located> firstHostile(LoadSettings settings, String text) {
    var open = new ArrayDeque<Integer>(); // the collections being read, numbered in document order
    var definitions = new HashMap<Anchor, Integer>(); // anchor → the collection it names last; -1 for a scalar
    int collections = 0;
    int aliases = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      switch (event) {
        case DocumentStartEvent start -> definitions.clear();
        case CollectionStartEvent start -> {
          open.push(++collections);
          if (start.getAnchor().isPresent()) {
            definitions.put(start.getAnchor().get(), collections);
          }
          if (open.size() > MAX_DEPTH) {
            return Optional.of(at(event, "nested more than " + MAX_DEPTH + " levels deep", "at most " + MAX_DEPTH + " levels"));
          }
        }
        case CollectionEndEvent end -> open.pop();
        case ScalarEvent scalar -> scalar.getAnchor().ifPresent(anchor -> definitions.put(anchor, -1));
        case AliasEvent alias -> {
          var target = definitions.getOrDefault(alias.getAlias(), -1);
          if (open.contains(target)) {
            return Optional.of(at(event, "alias *" + alias.getAlias().getValue() + " refers to a collection that contains it",
                "aliases to finished collections"));
          }
          if (target > 0 && ++aliases > MAX_ALIASES) {
            return Optional.of(at(event, "more than " + MAX_ALIASES + " aliases to collections",
                "at most " + MAX_ALIASES));
          }
        }
        default -> { }
      }
    }
    return Optional.empty();
  }

  private static Located at(Event event, String message, String allowed) {
    var mark = event.getStartMark();
    return new Located(mark.map(Mark::getLine).orElse(0), mark.map(Mark::getColumn).orElse(0), "", message, allowed);
  }

  /** Converts composed nodes to JSON by their resolved YAML tags (core schema), recording marks by pointer. */
  private static final class Builder {
    final Map<String, Mark> valueMarks = new HashMap<>();
    final Map<String, Mark> keyMarks = new HashMap<>();
    final List<Located> problems = new ArrayList<>();

    JsonNode convert(Node node, String pointer) {
      node.getStartMark().ifPresent(mark -> valueMarks.putIfAbsent(pointer, mark));
      return switch (node) {
        case MappingNode mapping -> mapping(mapping, pointer);
        case SequenceNode sequence -> sequence(sequence, pointer);
        case ScalarNode scalar -> scalar(scalar, pointer);
        default -> JSON.nullNode();
      };
    }

    private ObjectNode mapping(MappingNode mapping, String pointer) {
      ObjectNode object = JSON.objectNode();
      var seen = new HashSet<String>();
      for (var tuple : mapping.getValue()) {
        var keyNode = tuple.getKeyNode();
        var keyMark = keyNode.getStartMark().orElse(null);
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(at(keyMark, fieldOf(pointer), "a key must be a plain name, not a collection", ""));
          continue;
        }
        var key = scalarKey.getValue();
        var childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        if (!seen.add(key)) {
          problems.add(at(keyMark, fieldOf(childPointer), "duplicate key", "each key once per mapping"));
          continue;
        }
        if (keyMark != null) {
          keyMarks.put(childPointer, keyMark);
        }
        object.set(key, convert(tuple.getValueNode(), childPointer));
      }
      return object;
    }

    private ArrayNode sequence(SequenceNode sequence, String pointer) {
      ArrayNode array = JSON.arrayNode();
      var items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), pointer + "/" + i));
      }
      return array;
    }

    private JsonNode scalar(ScalarNode scalar, String pointer) {
      var value = scalar.getValue();
      var tag = scalar.getTag();
      try {
        if (Tag.INT.equals(tag)) {
          return JSON.numberNode(new java.math.BigInteger(value.replace("_", "")));
        }
        if (Tag.FLOAT.equals(tag)) {
          return JSON.numberNode(new java.math.BigDecimal(value));
        }
      } catch (NumberFormatException e) {
        // Octal, hex and .inf forms are valid YAML but never a sensible value here: keep the text so that the
        // schema reports a type error at this line.
        return JSON.stringNode(value);
      }
      if (Tag.BOOL.equals(tag)) {
        return JSON.booleanNode(Boolean.parseBoolean(value));
      }
      if (Tag.NULL.equals(tag)) {
        return JSON.nullNode();
      }
      return JSON.stringNode(value);
    }

    private static Located at(Mark mark, String field, String message, String allowed) {
      return new Located(mark == null ? 0 : mark.getLine(), mark == null ? 0 : mark.getColumn(), field, message, allowed);
    }
  }

  /** {@code /spec/network/publicSubnets/1} → {@code spec.network.publicSubnets[1]}. */
  static String fieldOf(String pointer) {
    var field = new StringBuilder();
    for (var part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      var name = part.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        field.append('[').append(name).append(']');
      } else {
        field.append(field.isEmpty() ? "" : ".").append(name);
      }
    }
    return field.toString();
  }
}

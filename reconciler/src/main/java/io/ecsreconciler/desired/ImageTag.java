package io.ecsreconciler.desired;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Sets a stack file's image tag the way a person would edit it: only the characters of the {@code spec.image.tag}
 * scalar change, the rest of the file (comments, order, indentation, quoting of everything else) stays byte for
 * byte, and the result is validated like any desired-state file before it may be written. What CI does after
 * pushing an image, as {@code kustomize edit set image} or Argo CD Image Updater do.
 */
public final class ImageTag {

  /** An OCI/Docker tag: a word character, then up to 127 word characters, dots and dashes. */
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  /** Plain scalars YAML would read as something other than a string (numbers, booleans, null). */
  private static final Pattern NOT_A_PLAIN_STRING = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|[-+]?\\.(inf|Inf|INF)"
          + "|\\.(nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|[0-9]+(:[0-5]?[0-9])+");

  /**
   * @param text     the file with the new tag, when it could be set and the result is valid
   * @param previous the tag the file had
   */
  public record Edit(Path file, Optional<String> text, String previous, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private ImageTag() {
  }

  public static Edit set(Path file, String text, String tag) {
    if (!TAG.matcher(tag).matches()) {
      return refused(file, "", 1, 1, "\"" + tag + "\" is not an image tag",
          "letters, digits, _ . - ; starting with a letter, digit or _; at most 128 characters");
    }
    var before = new StackLoader().load(file, text);
    if (!before.valid()) {
      return new Edit(file, Optional.empty(), "", before.problems());
    }
    var scalar = tagScalar(text);
    if (scalar.isEmpty()) {
      return refused(file, "", 1, 1, "spec.image.tag is not a plain value here (an alias or a tag?)", "");
    }
    var node = scalar.get();
    int start = text.offsetByCodePoints(0, node.getStartMark().orElseThrow().getIndex());
    int end = text.offsetByCodePoints(0, node.getEndMark().orElseThrow().getIndex());
    var edited = text.substring(0, start) + render(tag, node.getScalarStyle()) + text.substring(end);
    var after = new StackLoader().load(file, edited);
    if (!after.valid()) {
      return new Edit(file, Optional.empty(), node.getValue(), after.problems());
    }
    return new Edit(file, Optional.of(edited), node.getValue(), List.of());
  }

  /** Keeps the scalar's quoting; a plain tag YAML would read as a number or a boolean is double-quoted. */
  private static String render(String tag, ScalarStyle style) {
    return switch (style) {
      case DOUBLE_QUOTED -> "\"" + tag + "\"";
      case SINGLE_QUOTED -> "'" + tag + "'";
      default -> NOT_A_PLAIN_STRING.matcher(tag).matches() ? "\"" + tag + "\"" : tag;
    };
  }

  /** The scalar node of spec.image.tag in the (already validated, so single-document) file. */
  private static Optional<ScalarNode> tagScalar(String text) {
    var settings = LoadSettings.builder().build();
    var composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
    var node = composer.getSingleNode().orElse(null);
    for (var key : List.of("spec", "image", "tag")) {
      node = child(node, key);
    }
    return node instanceof ScalarNode scalar && scalar.getStartMark().isPresent() && scalar.getEndMark().isPresent()
        && scalar.getAnchor().isEmpty() ? Optional.of(scalar) : Optional.empty();
  }

  private static Node child(Node node, String key) {
    if (!(node instanceof MappingNode mapping)) {
      return null;
    }
    for (var tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  private static Edit refused(Path file, String previous, int line, int column, String message, String allowed) {
    return new Edit(file, Optional.empty(), previous,
        List.of(new Problem(file, line, column, "spec.image.tag", message, allowed)));
  }
}

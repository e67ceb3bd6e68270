package io.ecsreconciler.desired;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.stream.Stream;

/**
 * Reads desired-state files: YAML syntax, then the JSON Schema, then the semantic rules, collecting every
 * problem of a file rather than stopping at the first. Nothing here talks to AWS: a stack that does not load
 * is never reconciled.
 */
public final class StackLoader {

  /** Compiled on first use: the schema library is a few hundred classes that the controller's start need not load. */
  private SchemaCheck schema;

  /** A file's outcome: the stack when it is valid, else its problems (sorted by position). */
  public record Result(Path file, Optional<StackSpec> stack, List<Problem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public Result load(Path file) {
    String text;
    try {
      if (Files.size(file) > YamlDocument.MAX_CHARACTERS * 4L) {
        return invalid(file, new YamlDocument.Located(0, 0, "", "file is " + Files.size(file) + " bytes long",
            "at most " + YamlDocument.MAX_CHARACTERS + " characters"));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return invalid(file, new YamlDocument.Located(0, 0, "", "cannot read file: " + e.getMessage(), ""));
    }
    return load(file, text);
  }

  /** Validates text as if read from {@code file} (the Git source hands over blobs, not files). */
  public Result load(Path file, String text) {
    var parsed = YamlDocument.parse(file.toString(), text);
    if (parsed.document().isEmpty()) {
      return result(file, Optional.empty(), parsed.problems());
    }
    var document = parsed.document().get();
    var schemaProblems = schema().check(document);
    if (!schemaProblems.isEmpty()) {
      return result(file, Optional.empty(), schemaProblems);
    }
    var stack = StackSpec.from(file, document.json());
    var semanticProblems = SemanticCheck.check(stack, document);
    return result(file, semanticProblems.isEmpty() ? Optional.of(stack) : Optional.empty(), semanticProblems);
  }

  /**
   * Loads every {@code *.yaml}/{@code *.yml} file named or found (not recursively) in a named folder, in name
   * order. Stack names must be unique across the set: the name owns AWS resources.
   */
  public List<Result> loadAll(List<Path> paths) throws IOException {
    var results = new ArrayList<Result>();
    for (var file : expand(paths)) {
      results.add(load(file));
    }
    return withUniqueNames(results);
  }

  /** Like {@link #loadAll(List)} for texts read elsewhere (a Git revision's blobs), keyed by the path they name. */
  public List<Result> loadTexts(SequencedMap<Path, String> files) {
    var results = new ArrayList<Result>();
    files.forEach((file, text) -> results.add(load(file, text)));
    return withUniqueNames(results);
  }

  /** A stack name met again in a later file makes that file invalid: the name owns AWS resources. */
  private static List<Result> withUniqueNames(List<Result> results) {
    var firstFileOfName = new HashMap<String, Path>();
    for (int i = 0; i < results.size(); i++) {
      var result = results.get(i);
      if (result.stack().isEmpty()) {
        continue;
      }
      var name = result.stack().get().name();
      var first = firstFileOfName.putIfAbsent(name, result.file());
      if (first != null) {
        var problem = new Problem(result.file(), 1, 1, "metadata.name",
            "stack name \"" + name + "\" is already used by " + first, "a name unique across desired-state files");
        results.set(i, new Result(result.file(), Optional.empty(), List.of(problem)));
      }
    }
    return results;
  }

  static List<Path> expand(List<Path> paths) throws IOException {
    var files = new ArrayList<Path>();
    for (var path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children.filter(StackLoader::isYaml).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else {
        files.add(path);
      }
    }
    return files;
  }

  private static boolean isYaml(Path path) {
    var name = path.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static Result invalid(Path file, YamlDocument.Located problem) {
    return result(file, Optional.empty(), List.of(problem));
  }

  /** Marks are 0-based; editors and humans count lines and columns from 1. */
  private static Result result(Path file, Optional<StackSpec> stack, List<YamlDocument.Located> located) {
    var problems = located.stream()
        .map(p -> new Problem(file, p.line() + 1, p.column() + 1, p.field(), p.message(), p.allowed()))
        .sorted()
        .toList();
    return new Result(file, stack, problems);
  }

  private synchronized SchemaCheck schema() {
    if (schema == null) {
      schema = new SchemaCheck();
    }
    return schema;
  }
}

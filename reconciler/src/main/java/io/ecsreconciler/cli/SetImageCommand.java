package io.ecsreconciler.cli;

import io.ecsreconciler.desired.ImageTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "set-image", description = "Sets spec.image.tag in stack files, changing only that value (comments, "
    + "order and formatting kept byte for byte), as CI does after pushing an image. Every file is validated first: "
    + "exit 1 with file:line:column problems, and no file changed, when the tag or a result is invalid.")
final class SetImageCommand implements Callable<Integer> {

  @Option(names = "--tag", required = true, paramLabel = "TAG", description = "the image tag to deploy")
  String tag;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "stack files (desired-state/*.yaml)")
  List<Path> files;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var edits = new ArrayList<ImageTag.Edit>();
    for (var file : files) {
      edits.add(ImageTag.set(file, Files.readString(file, StandardCharsets.UTF_8), tag));
    }
    var refused = edits.stream().filter(edit -> !edit.ok()).toList();
    if (!refused.isEmpty()) {
      refused.forEach(edit -> edit.problems().forEach(err::println));
      err.println("set-image: nothing written (" + refused.size() + " of " + edits.size() + " file(s) refused)");
      err.flush();
      return 1;
    }
    for (var edit : edits) {
      if (edit.previous().equals(tag)) {
        out.println(edit.file() + ": spec.image.tag already " + tag);
        continue;
      }
      write(edit.file(), edit.text().orElseThrow());
      out.println(edit.file() + ": spec.image.tag " + edit.previous() + " -> " + tag);
    }
    out.flush();
    return 0;
  }

  /** Next to the file, then moved over it: a reader never sees half a file. */
  private static void write(Path file, String text) throws IOException {
    var parent = file.toAbsolutePath().getParent();
    var temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}

package io.ecsreconciler.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.stream.Stream;

/** A local folder of desired-state files; its revision is a digest of what it holds, so edits show as new ones. */
public final class FolderSource implements DesiredStateSource {

  private final Path folder;

  public FolderSource(Path folder) {
    this.folder = folder;
  }

  @Override
  public Snapshot read() {
    if (!Files.isDirectory(folder)) {
      throw new SourceUnavailableException("desired-state folder " + folder + " does not exist");
    }
    try (Stream<Path> children = Files.list(folder)) {
      var digest = MessageDigest.getInstance("SHA-256");
      var files = new ArrayList<Snapshot.File>();
      for (var path : children.filter(FolderSource::isYaml).filter(Files::isRegularFile).sorted().toList()) {
        var content = Files.readString(path, StandardCharsets.UTF_8);
        digest.update(path.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(content.getBytes(StandardCharsets.UTF_8));
        // Named as in a repository (desired-state/hello.yaml), wherever the folder lies.
        files.add(new Snapshot.File(Path.of(folder.toAbsolutePath().normalize().getFileName().toString())
            .resolve(path.getFileName()), content));
      }
      return new Snapshot("folder:" + HexFormat.of().formatHex(digest.digest()).substring(0, 12), files);
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot read " + folder + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    return "folder " + folder;
  }

  static boolean isYaml(Path path) {
    var name = path.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}

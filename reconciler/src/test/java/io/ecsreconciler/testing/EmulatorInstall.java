package io.ecsreconciler.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project-local emulator install: {@code <repo>/.venv} with moto server and the AWS CLI, made by
 * {@code emulator/install.sh} from the pins in {@code emulator/requirements.txt}. Runs the script when the
 * venv is missing or stale (its stamp file does not hold the sha256 of requirements.txt), at most 10 minutes.
 */
final class EmulatorInstall {

  static final String REQUIREMENTS = "emulator/requirements.txt";
  static final String SCRIPT = "emulator/install.sh";
  static final String STAMP = ".emulator-requirements.sha256";
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private static Path repoRoot;

  private EmulatorInstall() {
  }

  /** The first directory, from the working directory upwards, that holds {@value #REQUIREMENTS}. */
  static synchronized Path repoRoot() {
    if (repoRoot == null) {
      Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve(REQUIREMENTS))) {
          repoRoot = dir;
          return dir;
        }
      }
      throw new IllegalStateException("no " + REQUIREMENTS + " in " + start + " or any parent directory: "
          + "run the tests from inside the repository");
    }
    return repoRoot;
  }

  static Path venv() {
    return repoRoot().resolve(".venv");
  }

  static Path venvBin(String tool) {
    return venv().resolve("bin").resolve(tool);
  }

  static boolean isInstalled() {
    Path stamp = venv().resolve(STAMP);
    try {
      return Files.isExecutable(venvBin("python")) // follows the symlink: a venv of a removed Python is stale
          && Files.isExecutable(venvBin("moto_server"))
          && Files.isExecutable(venvBin("aws"))
          && Files.isRegularFile(stamp)
          && Files.readString(stamp).strip().equals(requirementsSha256());
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@value #SCRIPT} unless the venv is up to date; fails with the script's output when it fails. */
  static synchronized void ensureInstalled() {
    if (isInstalled()) {
      return;
    }
    // Another JVM (a parallel module build) may be installing too: take a file lock, then look again.
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
        "ecs-reconciler-emulator-" + Integer.toHexString(repoRoot().toString().hashCode()) + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
       FileLock ignored = channel.lock()) {
      if (!isInstalled()) {
        runInstallScript();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not lock " + lockFile, e);
    }
  }

  /** {@code aws} on the PATH, if any. */
  static Optional<Path> awsOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "aws");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static void runInstallScript() throws IOException {
    Path script = repoRoot().resolve(SCRIPT);
    Path output = Files.createTempFile("emulator-install", ".log");
    long started = System.nanoTime();
    System.err.println("[aws-emulator] installing the emulator: bash " + script + " (first run only, ~30 s)");
    Process process = new ProcessBuilder("bash", script.toString())
        .directory(repoRoot().toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    try {
      boolean finished = process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("bash " + SCRIPT + " did not finish within " + INSTALL_TIMEOUT_MINUTES
            + " minutes; its output so far:\n" + Files.readString(output));
      }
      String log = Files.readString(output);
      if (process.exitValue() != 0 || !isInstalled()) {
        throw new IllegalStateException("bash " + SCRIPT + " failed (exit " + process.exitValue()
            + "); its output:\n" + log);
      }
      System.err.print(log.lines().map(line -> "[aws-emulator] " + line + "\n").reduce("", String::concat));
      System.err.printf("[aws-emulator] install took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + SCRIPT, e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String requirementsSha256() throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(repoRoot().resolve(REQUIREMENTS)));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}

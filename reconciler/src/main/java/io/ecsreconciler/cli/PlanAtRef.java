package io.ecsreconciler.cli;

import io.ecsreconciler.loop.RegionalClients;
import io.ecsreconciler.plan.Plan;
import io.ecsreconciler.plan.PlanRenderer;
import io.ecsreconciler.plan.TextPlanRenderer;
import io.ecsreconciler.preview.PlanPreview;
import io.ecsreconciler.preview.Preview;
import io.ecsreconciler.preview.PreviewJson;
import io.ecsreconciler.preview.PreviewMarkdown;
import io.ecsreconciler.source.GitSource;
import io.ecsreconciler.source.SourceUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.util.FileUtils;

/**
 * {@code plan --git-url URL --ref REF}: the same plan as for local files, of the desired state at a ref, printed
 * the way {@code plan} prints (problems and AWS errors on stderr, exit 0/2/1), through {@link PlanPreview} like
 * the controller's preview endpoint. The clone is made in a temporary folder and deleted afterwards: two CI jobs
 * on one machine never share (and race on) a clone.
 */
final class PlanAtRef {

  private PlanAtRef() {
  }

  /** @param environment where the Git credentials are looked up ({@code System::getenv}) */
  static int run(GitRefOptions git, PlanRenderer.Format format, AwsOptions aws, UnaryOperator<String> environment,
                 PrintWriter out, PrintWriter err) throws IOException {
    var cache = Files.createTempDirectory("ecs-reconciler-plan-");
    try (var source = new GitSource(git.settings(cache, environment));
         var clients = new RegionalClients(Optional.ofNullable(aws.endpoint))) {
      var preview = new PlanPreview(source, clients::forRegion).of(git.ref);
      preview.problems().forEach(err::println);
      preview.errors().forEach(err::println);
      out.print(render(preview, format));
      out.flush();
      StackCommandSupport.reportBlocked(preview.plans(), err);
      return preview.exitCode();
    } catch (SourceUnavailableException | IllegalArgumentException e) {
      err.println(e.getMessage()); // names the ref and the repository, never a credential
      err.flush();
      return Plan.EXIT_ERROR;
    } finally {
      FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    }
  }

  private static String render(Preview preview, PlanRenderer.Format format) {
    return switch (format) {
      case text -> "Ref " + preview.ref() + " at " + preview.revision() + " (" + preview.source() + "):\n"
          + new TextPlanRenderer().render(preview.plans());
      case json -> PreviewJson.render(preview);
      case markdown -> PreviewMarkdown.render(preview);
    };
  }
}

package io.ecsreconciler.preview;

import io.ecsreconciler.plan.JsonPlanRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A preview as JSON for programs: {@code stacks} exactly as {@code plan --format json} prints them, beside the ref,
 * the commit, {@code problems} of invalid files and {@code errors} of stacks that could not be planned.
 */
public final class PreviewJson {

  private static final JsonMapper JSON = JsonMapper.shared();

  private PreviewJson() {
  }

  public static String render(Preview preview) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toMap(preview)) + "\n";
  }

  static Map<String, Object> toMap(Preview preview) {
    var map = new LinkedHashMap<String, Object>();
    map.put("ref", preview.ref());
    map.put("revision", preview.revision());
    map.put("source", preview.source());
    map.put("hasChanges", preview.hasChanges());
    map.put("problems", preview.problems());
    map.put("errors", preview.errors());
    map.put("stacks", preview.plans().stream().map(JsonPlanRenderer::toMap).toList());
    return map;
  }
}

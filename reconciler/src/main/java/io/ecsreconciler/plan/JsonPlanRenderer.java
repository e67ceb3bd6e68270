package io.ecsreconciler.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Plans as JSON for programs (CI gates, the status API): stable field names, values as strings. */
public final class JsonPlanRenderer implements PlanRenderer {

  private static final JsonMapper JSON = JsonMapper.shared();

  @Override
  public String render(List<Plan> plans) {
    var stacks = plans.stream().map(JsonPlanRenderer::toMap).toList();
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("stacks", stacks)) + "\n";
  }

  public static Map<String, Object> toMap(Plan plan) {
    var changes = new ArrayList<Map<String, Object>>();
    for (var change : plan.changes()) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("resource", change.key().toString());
      entry.put("action", change.action().name().toLowerCase(java.util.Locale.ROOT));
      entry.put("reason", change.reason());
      entry.put("error", change.error());
      entry.put("held", change.held() ? change.hold().why() : "");
      entry.put("deltas", change.deltas().stream().map(delta -> Map.of(
          "field", delta.path(), "from", String.valueOf(delta.actual()), "to", String.valueOf(delta.desired()),
          "change", DeltaText.change(delta.actual(), delta.desired()), "held", change.hold().holds(delta.path())))
          .toList());
      changes.add(entry);
    }
    var counts = new LinkedHashMap<String, Long>();
    plan.counts().forEach((action, count) -> counts.put(action.name().toLowerCase(java.util.Locale.ROOT), count));
    var map = new LinkedHashMap<String, Object>();
    map.put("stack", plan.stack());
    map.put("region", plan.region());
    map.put("hasChanges", plan.hasChanges());
    map.put("hasErrors", plan.hasErrors());
    map.put("hasHolds", plan.hasHolds());
    map.put("counts", counts);
    map.put("changes", changes);
    return map;
  }
}

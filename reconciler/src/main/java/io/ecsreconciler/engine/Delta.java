package io.ecsreconciler.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field whose desired value differs from the observed one ({@code Delta{path, desired, actual}}, as in the
 * AWS controllers for Kubernetes). Desired and observed states are the same record type, so the field-level
 * difference is found generically, one record component at a time.
 */
public record Delta(String path, Object desired, Object actual) {

  /** The components of two states of one record type that are not equal, in declaration order. */
  public static <S extends Record> List<Delta> between(S desired, S actual) {
    if (desired.getClass() != actual.getClass()) {
      throw new IllegalArgumentException("cannot compare " + desired.getClass() + " with " + actual.getClass());
    }
    var deltas = new ArrayList<Delta>();
    for (RecordComponent component : desired.getClass().getRecordComponents()) {
      var want = value(component, desired);
      var have = value(component, actual);
      if (!Objects.equals(want, have)) {
        deltas.add(new Delta(component.getName(), want, have));
      }
    }
    return deltas;
  }

  /** A record component's value (records of the kinds' packages are read here, in the engine). */
  static Object value(RecordComponent component, Record record) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
    }
  }

  @Override
  public String toString() {
    return path + ": " + actual + " -> " + desired;
  }
}

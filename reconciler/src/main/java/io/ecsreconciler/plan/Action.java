package io.ecsreconciler.plan;

/** What a pass will do to one resource. */
public enum Action {
  CREATE("+", "create"),
  UPDATE("~", "update"),
  REPLACE("-/+", "replace"),
  DELETE("-", "delete"),
  NOOP(" ", "no change");

  private final String symbol;
  private final String verb;

  Action(String symbol, String verb) {
    this.symbol = symbol;
    this.verb = verb;
  }

  public String symbol() {
    return symbol;
  }

  public String verb() {
    return verb;
  }

  public boolean changes() {
    return this != NOOP;
  }
}

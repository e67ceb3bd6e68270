package io.ecsreconciler.source;

/** The source could not be read this time; the controller reports it and tries again (it is not invalid input). */
public class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceUnavailableException(String message) {
    super(message);
  }
}

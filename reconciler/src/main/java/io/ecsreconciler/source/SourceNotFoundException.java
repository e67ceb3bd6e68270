package io.ecsreconciler.source;

/**
 * What was asked for is not in the repository: a ref that no branch, tag or commit answers to, or the folder
 * missing at that commit. Retrying will not help until someone pushes it; a preview answers 404. A subclass of
 * {@link SourceUnavailableException} so that the controller, which asks only for its own branch, keeps treating
 * it as "cannot read the source now".
 */
public class SourceNotFoundException extends SourceUnavailableException {

  public SourceNotFoundException(String message) {
    super(message);
  }
}

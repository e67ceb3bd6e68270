package io.ecsreconciler.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The long-running controller ({@code reconciler.jar run}): the reconcile loop, the status API and the dashboard. */
@SpringBootApplication(scanBasePackages = {"io.ecsreconciler.app", "io.ecsreconciler.api"})
@EnableConfigurationProperties(ControllerProperties.class)
public class ControllerApplication {

  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The controller's application as {@code reconciler run} starts it: named as the main class whatever the caller
   * (Spring AOT looks its generated initializer up by that name), and checking in AOT mode that no setting asks for
   * beans the build did not make ({@link BuildTimeChoices}).
   */
  public static SpringApplication application() {
    var application = new SpringApplication(ControllerApplication.class);
    application.setMainApplicationClass(ControllerApplication.class);
    application.addListeners(new BuildTimeChoices());
    return application;
  }
}

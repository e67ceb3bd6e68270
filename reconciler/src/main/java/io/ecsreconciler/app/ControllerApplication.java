package io.ecsreconciler.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The long-running controller ({@code reconciler.jar run}): the reconcile loop, the status API and the dashboard. */
@SpringBootApplication(scanBasePackages = {"io.ecsreconciler.app", "io.ecsreconciler.api"})
@EnableConfigurationProperties(ControllerProperties.class)
@EnableScheduling
public class ControllerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ControllerApplication.class, args);
  }
}

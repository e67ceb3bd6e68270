package io.ecsreconciler.api;

import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC's validator: one that validates nothing. The API declares no Bean Validation constraints (it checks its
 * few inputs in code), and Hibernate Validator is on the class path only for springdoc, which reads constraint
 * annotations to describe schemas. Without this, Spring MVC would start Hibernate Validator at every start for nothing
 * (Spring Boot's validation module is left out of the build for the same reason: reconciler/pom.xml).
 */
@Component
class NoBeanValidation implements WebMvcConfigurer {

  @Override
  public Validator getValidator() {
    return new Validator() {
      @Override
      public boolean supports(Class<?> type) {
        return false;
      }

      @Override
      public void validate(Object target, Errors errors) {
        // supports nothing, so asked for nothing
      }
    };
  }
}

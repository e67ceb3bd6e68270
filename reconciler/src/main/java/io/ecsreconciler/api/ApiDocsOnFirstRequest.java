package io.ecsreconciler.api;

import java.util.ArrayList;
import org.springdoc.api.AbstractOpenApiResource;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.stereotype.Component;

/**
 * Makes springdoc's beans (the API description and Swagger UI) when they are first used, not at start: they bring
 * swagger-core and its Jackson 2 mapper, about 1,000 classes that no pass and no probe needs. So the controller
 * serves its probes sooner, and its AOT cache (trained by serving a probe) leaves them out; the first
 * {@code /v3/api-docs} or Swagger UI request pays for them instead (ApiDocsOnFirstRequestTest).
 * <p>
 * Two steps: every springdoc bean is lazy; and the one that Spring MVC still makes at start, the Swagger UI's web
 * configurer (it registers the UI's static files), gets its index page transformer, the bean that needs the Jackson 2
 * mapper, as a proxy that makes it at the first page served.
 */
@Component
class ApiDocsOnFirstRequest implements BeanFactoryPostProcessor {

  private static final String SPRINGDOC = "org.springdoc.";

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    var springdoc = new ArrayList<String>();
    for (var name : beanFactory.getBeanDefinitionNames()) {
      var definition = beanFactory.getBeanDefinition(name);
      if (isSpringdoc(beanFactory, definition)) {
        definition.setLazyInit(true);
        springdoc.add(name);
      }
    }
    // Some springdoc beans work by being made (they register model converters and schema settings with swagger-core),
    // and nothing asks for them: the API description is made after all of them, as it is after an eager start.
    for (var resource : beanFactory.getBeanNamesForType(AbstractOpenApiResource.class, true, false)) {
      beanFactory.getBeanDefinition(resource).setDependsOn(
          springdoc.stream().filter(name -> !name.equals(resource)).toArray(String[]::new));
    }
    if (beanFactory instanceof DefaultListableBeanFactory factory) {
      factory.setAutowireCandidateResolver(new IndexPageTransformerOnFirstUse());
    }
  }

  /** A springdoc class, or a bean made by a method of one (its {@code @Bean}s). */
  private static boolean isSpringdoc(ConfigurableListableBeanFactory beanFactory, BeanDefinition definition) {
    if (inSpringdoc(definition)) return true;
    var factory = definition.getFactoryBeanName();
    return factory != null && beanFactory.containsBeanDefinition(factory)
        && inSpringdoc(beanFactory.getBeanDefinition(factory));
  }

  private static boolean inSpringdoc(BeanDefinition definition) {
    var className = definition.getBeanClassName();
    if (className == null) className = definition.getResolvableType().toString();
    return className.startsWith(SPRINGDOC);
  }

  /** Spring's own resolver (it honours {@code @Lazy}), with the index page transformer always lazy: an interface. */
  private static final class IndexPageTransformerOnFirstUse extends ContextAnnotationAutowireCandidateResolver {
    @Override
    protected boolean isLazy(DependencyDescriptor descriptor) {
      return descriptor.getDependencyType() == SwaggerIndexTransformer.class || super.isLazy(descriptor);
    }
  }
}

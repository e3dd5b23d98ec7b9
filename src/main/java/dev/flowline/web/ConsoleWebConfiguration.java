package dev.flowline.web;

import dev.flowline.engine.AccessControl;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ConsoleInterceptor} in front of the console's pages (not its stylesheet and script). */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {
  private final ConsoleSessions sessions;
  private final AccessControl access;

  ConsoleWebConfiguration(ConsoleSessions sessions, AccessControl access) {
    this.sessions = sessions;
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new ConsoleInterceptor(sessions, access))
        .addPathPatterns("/", "/console", "/console/**")
        .excludePathPatterns("/console/assets/**");
  }
}

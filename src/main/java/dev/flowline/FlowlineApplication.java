package dev.flowline;

import dev.flowline.config.AdminRecovery;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FlowlineApplication {
  public static void main(String[] args) {
    if (AdminRecovery.requested(args, System.getenv())) {
      System.exit(AdminRecovery.run(args));
    }
    SpringApplication.run(FlowlineApplication.class, args);
  }
}

package dev.flowline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FlowlineApplication {
  public static void main(String[] args) {
    SpringApplication.run(FlowlineApplication.class, args);
  }
}

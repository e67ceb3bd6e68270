package bench.empty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An empty Spring Boot web app, all defaults: the start-up yardstick of bin/bench-footprint. */
@SpringBootApplication
@RestController
public class EmptyApplication {

    @GetMapping("/")
    String root() {
        return "ok";
    }

    public static void main(String[] args) {
        SpringApplication.run(EmptyApplication.class, args);
    }
}

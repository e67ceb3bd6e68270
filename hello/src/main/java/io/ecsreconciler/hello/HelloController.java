package io.ecsreconciler.hello;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HelloController {

    // produces pins text/plain; without it the String converter would label the body with whatever
    // type the Accept header asks for (application/json included).
    @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    String hello() {
        return "Hello world";
    }
}

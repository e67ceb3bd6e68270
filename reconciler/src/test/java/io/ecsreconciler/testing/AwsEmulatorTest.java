package io.ecsreconciler.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks to an AWS emulator: declare an {@link AwsEmulator} parameter on a test method,
 * constructor, {@code @BeforeEach} or {@code @AfterEach} method. The emulator's state is reset before each test,
 * and each test gets fresh {@link AwsEmulator#clients()}. Which emulator: see {@link AwsEmulatorExtension}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(AwsEmulatorExtension.class)
@Tag("aws-emulator")
public @interface AwsEmulatorTest {
}

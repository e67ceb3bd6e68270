package io.ecsreconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The folder tree is the architecture: these rules keep it that way (DESIGN §1, STYLE "take into this project"). */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.ecsreconciler");

  @Test
  void theEngineKnowsNothingOfAwsNorOfAnyKind() {
    noClasses().that().resideInAPackage("..engine..")
        .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "io.ecsreconciler.resource..",
            "io.ecsreconciler.aws..", "io.ecsreconciler.cli..")
        .check(CLASSES);
  }

  @Test
  void kindsKnowNothingOfTheCommandsOrTheLoop() {
    noClasses().that().resideInAPackage("..resource..")
        .should().dependOnClassesThat().resideInAnyPackage("io.ecsreconciler.cli..", "io.ecsreconciler.loop..",
            "io.ecsreconciler.source..", "io.ecsreconciler.api..")
        .check(CLASSES);
  }

  @Test
  void desiredStateIsReadWithoutAws() {
    noClasses().that().resideInAPackage("..desired..")
        .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "io.ecsreconciler.aws..")
        .check(CLASSES);
  }

  @Test
  void previewsServeTheCommandsAndTheApiWithoutKnowingEither() {
    noClasses().that().resideInAPackage("..preview..")
        .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "io.ecsreconciler.cli..",
            "io.ecsreconciler.api..", "io.ecsreconciler.app..", "io.ecsreconciler.loop..")
        .check(CLASSES);
  }

  @Test
  void eachKindPackageStandsAloneSharingOnlyTheLookupsBesideThem() {
    slices().matching("io.ecsreconciler.resource.(*)..").should().notDependOnEachOther().check(CLASSES);
  }
}

package dev.ragservice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.ragservice.bootstrap.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's arrows point inward: ports know only the JDK, the domain only ports, adapters only ports, and
 * only bootstrap knows Helidon. A dependency the wrong way fails the build here.
 */
class DependencyRulesTest {

    private static final String ROOT = "dev.ragservice";
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyModuleIsImported() {
        // Guards the other rules: a rule over zero classes passes vacuously.
        for (String module : new String[] {
            "ports",
            "domain",
            "adapters.local",
            "adapters.openai",
            "adapters.redis",
            "adapters.hazelcast",
            "bootstrap",
            "eval",
            "plugins.opensearch"
        }) {
            String prefix = ROOT + "." + module + ".";
            assertThat(classes.stream()
                            .filter(c -> c.getPackageName().startsWith(prefix)
                                    || c.getPackageName().equals(prefix.substring(0, prefix.length() - 1))))
                    .as("classes of %s", module)
                    .isNotEmpty();
        }
    }

    @Test
    void portsDependOnTheJdkOnly() {
        check(classes()
                .that()
                .resideInAPackage(ROOT + ".ports..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".ports..", "java..")
                .because("ports is the SPI third parties compile against, with nothing but the JDK"));
    }

    @Test
    void domainDependsOnPortsOnly() {
        check(classes()
                .that()
                .resideInAPackage(ROOT + ".domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".domain..", ROOT + ".ports..", "java..")
                .because("the domain is pure Java over the ports"));
    }

    @Test
    void onlyBootstrapKnowsHelidon() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".bootstrap..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon..")
                .because("bootstrap is the only place that knows the web framework"));
    }

    @Test
    void adaptersDependNeitherOnDomainNorOnBootstrap() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".domain..", ROOT + ".bootstrap..")
                .because("an adapter translates one port to one technology, and nothing more"));
    }

    @Test
    void adaptersAreIndependentOfEachOther() {
        check(slices().matching(ROOT + ".adapters.(*)..")
                .should()
                .notDependOnEachOther()
                .allowEmptyShould(true)
                .because("an adapter never calls another adapter"));
    }

    @Test
    void pluginsKnowOnlyThePortsOfTheService() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".plugins..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".domain..", ROOT + ".bootstrap..", ROOT + ".adapters..", "io.helidon..")
                .because("a plugin is loaded from PLUGINS_DIR by a class loader that shares only the ports with the"
                        + " service: anything else of the service is not there at run time"));
    }

    @Test
    void theServiceNeverReferencesAPlugin() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".plugins..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".plugins..")
                .because("plugins are installed beside the service, not built into it"));
    }

    @Test
    void bootstrapFindsAdaptersOnlyThroughServiceLoader() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".bootstrap..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".adapters..")
                .because("adapters are chosen by name at run time, so plugins work without a rebuild"));
    }

    @Test
    void domainHasNoFrameworkAnnotations() {
        check(noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".domain..", ROOT + ".ports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta..", "javax.inject..", "com.fasterxml..", "org.springframework..")
                .because("the domain and the SPI carry no framework types"));
    }

    @Test
    void theServiceKnowsNeitherTheEvaluationToolNorTheDeploymentChecks() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".bootstrap..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".eval..", ROOT + ".deploy..", "picocli..", "io.fabric8..")
                .because("bootstrap is the composition root and nothing else: tools and checks are modules of their"
                        + " own, and the service jar does not carry them"));
    }

    @Test
    void theServiceJarHoldsNoEvaluationClass() {
        String service =
                Main.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(classes.stream()
                        .filter(c -> c.getPackageName().startsWith(ROOT + ".eval"))
                        .map(c -> c.getSource().orElseThrow().getUri().toString()))
                .isNotEmpty()
                .noneMatch(location -> location.startsWith(service));
    }

    @Test
    void noRequestStateTravelsInThreadLocals() {
        check(noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".domain..", ROOT + ".bootstrap..", ROOT + ".ports..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ThreadLocal.class)
                .because("who asks and by when travel with the request as explicit values (RequestContext),"
                        + " never read back deep inside a decorator"));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}

package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own checker on the alert rules, and its rule unit tests (deploy/prometheus/alerts-test.yaml:
 * each alert fires on the series it is meant for, and not on client errors). Runs where promtool is installed
 * (Debian package prometheus; scripts/test installs it) and says it was skipped elsewhere.
 */
class PromtoolTest {

    @Test
    void theAlertRulesAreValid() throws Exception {
        String output = promtool("check", "rules", "alerts.yaml");
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        String output = promtool("test", "rules", "alerts-test.yaml");
        assertThat(output).contains("SUCCESS");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus): rules not checked");
        String[] command = Stream.concat(Stream.of(promtool.get().toString()), Stream.of(arguments))
                .toArray(String[]::new);
        Process process = new ProcessBuilder(command)
                .directory(DeployFiles.path("deploy/prometheus").toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}

package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, checked without Helm (no helm binary can be installed here, so the chart is not rendered):
 * its metadata and values parse, every {@code .Values} path a template uses exists in values.yaml, the
 * template actions are balanced, the templates make the same kinds as deploy/kubernetes/, and the defaults
 * equal the plain manifests' numbers (resources, probes, shutdown timing, ports, user) and their access control
 * (the keys Secret, the metrics port kept for Prometheus).
 */
class HelmChartTest {

    static final String CHART = "deploy/helm/rag-service";
    private static final Pattern VALUES_PATH = Pattern.compile("\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(if|with|range|define|end|else)\\b");
    private static final Pattern KIND = Pattern.compile("^kind: (\\w+)$", Pattern.MULTILINE);

    final Map<String, Object> values = DeployFiles.yaml(CHART + "/values.yaml");
    final Deployment plain = KubernetesManifests.load().named(Deployment.class, "rag-service");
    final PodSpec plainPod = plain.getSpec().getTemplate().getSpec();
    final Container plainContainer = plainPod.getContainers().get(0);

    @Test
    void theChartDescribesItself() {
        Map<String, Object> chart = DeployFiles.yaml(CHART + "/Chart.yaml");
        assertThat(chart)
                .containsEntry("apiVersion", "v2")
                .containsEntry("name", "rag-service")
                .containsEntry("type", "application")
                .containsKeys("version", "appVersion");
        assertThat(plainContainer.getImage()).endsWith(":" + chart.get("appVersion"));
    }

    @Test
    void everyValueATemplateUsesIsDefined() {
        List<String> missing = new ArrayList<>();
        for (Path template : templates()) {
            Matcher path = VALUES_PATH.matcher(text(template));
            while (path.find()) {
                if (!defined(path.group(1).substring(1).split("\\."))) {
                    missing.add(template.getFileName() + ": .Values" + path.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyTemplateActionIsClosed() {
        for (Path template : templates()) {
            String text = text(template);
            assertThat(count(text, "{{"))
                    .as("%s {{ and }}", template.getFileName())
                    .isEqualTo(count(text, "}}"));
            int open = 0;
            Matcher action = ACTION.matcher(text);
            while (action.find()) {
                switch (action.group(1)) {
                    case "end" -> open--;
                    case "else" ->
                        assertThat(open)
                                .as("%s: else outside a block", template.getFileName())
                                .isPositive();
                    default -> open++;
                }
                assertThat(open)
                        .as("%s: end without a block", template.getFileName())
                        .isNotNegative();
            }
            assertThat(open).as("%s: blocks left open", template.getFileName()).isZero();
        }
    }

    @Test
    void theTemplatesMakeTheSameKindsAsThePlainManifests() {
        Set<String> chartKinds = new TreeSet<>();
        templates().forEach(template -> {
            Matcher kind = KIND.matcher(text(template));
            while (kind.find()) {
                chartKinds.add(kind.group(1));
            }
        });
        Set<String> plainKinds = KubernetesManifests.load().resources().stream()
                .map(resource -> resource.getKind())
                .collect(Collectors.toCollection(TreeSet::new));
        plainKinds.add("PodMonitor");
        plainKinds.add(KubernetesManifests.apiKeysExample().getKind());
        assertThat(chartKinds).isEqualTo(plainKinds);
    }

    @Test
    void theDefaultsAreThePlainManifestsNumbers() {
        assertThat(values.get("port")).isEqualTo(plainPort("http"));
        assertThat(KubernetesManifestsTest.map(values.get("metrics")).get("port"))
                .isEqualTo(plainPort("metrics"));
        Map<String, Object> resources = KubernetesManifestsTest.map(values.get("resources"));
        for (String bound : List.of("requests", "limits")) {
            Map<String, Quantity> plainBound = bound.equals("requests")
                    ? plainContainer.getResources().getRequests()
                    : plainContainer.getResources().getLimits();
            KubernetesManifestsTest.map(resources.get(bound))
                    .forEach((resource, amount) -> assertThat(new Quantity(amount.toString()))
                            .as("%s.%s", bound, resource)
                            .isEqualTo(plainBound.get(resource)));
        }
        Map<String, Object> shutdown = KubernetesManifestsTest.map(values.get("shutdown"));
        assertThat(shutdown.get("terminationGracePeriodSeconds"))
                .isEqualTo(plainPod.getTerminationGracePeriodSeconds().intValue());
        assertThat(shutdown.get("preStopSeconds").toString())
                .isEqualTo(plainContainer
                        .getLifecycle()
                        .getPreStop()
                        .getExec()
                        .getCommand()
                        .get(1));
        int pause = (Integer) shutdown.get("preStopSeconds");
        int drain = (Integer) shutdown.get("graceSeconds");
        assertThat((Integer) shutdown.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(pause + drain + 5);
        Map<String, Object> probes = KubernetesManifestsTest.map(values.get("probes"));
        assertThat(KubernetesManifestsTest.map(probes.get("startup")))
                .containsEntry("periodSeconds", plainContainer.getStartupProbe().getPeriodSeconds())
                .containsEntry(
                        "failureThreshold", plainContainer.getStartupProbe().getFailureThreshold());
        assertThat(KubernetesManifestsTest.map(probes.get("readiness")))
                .containsEntry(
                        "periodSeconds", plainContainer.getReadinessProbe().getPeriodSeconds());
        assertThat(KubernetesManifestsTest.map(values.get("securityContext")))
                .containsEntry(
                        "runAsUser",
                        plainPod.getSecurityContext().getRunAsUser().intValue())
                .containsEntry(
                        "fsGroup", plainPod.getSecurityContext().getFsGroup().intValue());
        HorizontalPodAutoscaler hpa = KubernetesManifests.load().named(HorizontalPodAutoscaler.class, "rag-service");
        assertThat(KubernetesManifestsTest.map(values.get("autoscaling")))
                .containsEntry("minReplicas", hpa.getSpec().getMinReplicas())
                .containsEntry("maxReplicas", hpa.getSpec().getMaxReplicas());
    }

    @Test
    void theDeploymentTemplateProbesTheHealthPathsAndReadsTheSecret() {
        String deployment = text(DeployFiles.path(CHART + "/templates/deployment.yaml"));
        assertThat(deployment)
                .contains(
                        "path: /health/live",
                        "path: /health/ready",
                        "port: http",
                        "readOnlyRootFilesystem: true",
                        "runAsNonRoot: true",
                        "key: OPENAI_API_KEY",
                        "key: PINECONE_API_KEY",
                        "optional: true",
                        "name: SHUTDOWN_GRACE_SECONDS",
                        "mountPath: /data",
                        "mountPath: /tmp");
        assertThat(KubernetesManifestsTest.map(values.get("secrets"))).containsEntry("name", "rag-secrets");
    }

    /**
     * By default the chart mounts the plain manifests' keys Secret the same way (its directory, read-only, the
     * same file for API_KEYS_FILE), serves /metrics on the metrics port only, and admits the same Prometheus to it.
     */
    @Test
    void theDefaultsTurnAccessControlOnAndKeepMetricsOffTheServiceAsThePlainManifestsDo() {
        Volume plainKeys = plainPod.getVolumes().stream()
                .filter(volume -> volume.getSecret() != null)
                .findFirst()
                .orElseThrow();
        VolumeMount plainMount = plainContainer.getVolumeMounts().stream()
                .filter(mount -> mount.getName().equals(plainKeys.getName()))
                .findFirst()
                .orElseThrow();
        Map<String, Object> auth = KubernetesManifestsTest.map(values.get("auth"));
        assertThat(auth)
                .containsEntry("enabled", true)
                .containsEntry("existingSecret", plainKeys.getSecret().getSecretName())
                .containsEntry(
                        "secretKey", plainKeys.getSecret().getItems().get(0).getKey())
                .containsEntry("createSecret", false);

        String deployment = text(DeployFiles.path(CHART + "/templates/deployment.yaml"));
        assertThat(deployment)
                .contains(
                        "- name: " + plainKeys.getName(),
                        "mountPath: " + plainMount.getMountPath(),
                        "readOnly: true",
                        "- name: API_KEYS_FILE",
                        "value: " + plainMount.getMountPath() + "/{{ .Values.auth.secretKey }}",
                        "defaultMode: 0"
                                + Integer.toOctalString(plainKeys.getSecret().getDefaultMode()),
                        "- name: metrics",
                        "containerPort: {{ .Values.metrics.port }}",
                        "- name: PROMETHEUS_PORT",
                        "prometheus.io/port: {{ .Values.metrics.port | quote }}")
                .doesNotContain("subPath");
        String keysVolume =
                deployment.substring(deployment.indexOf("secretName: {{ include \"rag-service.apiKeysSecret\""));
        assertThat(keysVolume.substring(0, keysVolume.indexOf("{{- end }}")))
                .as("the keys Secret is required")
                .doesNotContain("optional");
        assertThat(text(DeployFiles.path(CHART + "/templates/service.yaml"))).doesNotContain("metrics");
        assertThat(text(DeployFiles.path(CHART + "/templates/podmonitor.yaml"))).contains("port: metrics");
        assertThat(text(DeployFiles.path(CHART + "/templates/api-keys-secret.yaml")))
                .startsWith("{{- if and .Values.auth.enabled .Values.auth.createSecret }}");

        NetworkPolicy plainPolicy = KubernetesManifests.load().named(NetworkPolicy.class, "rag-service");
        List<NetworkPolicyPeer> plainMetricsFrom = plainPolicy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().get(0).getPort().equals(new IntOrString("metrics")))
                .findFirst()
                .orElseThrow()
                .getFrom();
        List<NetworkPolicyPeer> chartMetricsFrom =
                KubernetesManifestsTest.list(KubernetesManifestsTest.map(values.get("networkPolicy"))
                                .get("metricsFrom"))
                        .stream()
                        .map(peer -> DeployFiles.typed(KubernetesManifestsTest.map(peer), NetworkPolicyPeer.class))
                        .toList();
        assertThat(chartMetricsFrom).isEqualTo(plainMetricsFrom);
        assertThat(text(DeployFiles.path(CHART + "/templates/networkpolicy.yaml")))
                .contains("toYaml .Values.networkPolicy.metricsFrom", "port: metrics");
    }

    private int plainPort(String name) {
        return plainContainer.getPorts().stream()
                .filter(port -> port.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
    }

    private boolean defined(String[] path) {
        Object node = values;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }

    /**
     * The guard that keeps the chart from deploying several pods on per-pod Lucene indexes: the Deployment's
     * template calls it, and it fails on more than one pod (replicas, or an HPA's maximum) unless the store is
     * shared. Without Helm here the guard is read, not run: its condition and its message are checked.
     */
    @Test
    void theChartRefusesMorePodsThanOneOnAPerPodIndex() {
        String helpers = DeployFiles.read(CHART + "/templates/_helpers.tpl");
        String guard = helpers.substring(helpers.indexOf("define \"rag-service.requireSharedStore\""));

        assertThat(DeployFiles.read(CHART + "/templates/deployment.yaml"))
                .startsWith("{{- include \"rag-service.requireSharedStore\" . }}");
        assertThat(guard)
                .contains(
                        "has .Values.adapters.vectorStore (list \"pinecone\" \"opensearch\")",
                        "int .Values.replicaCount",
                        "if .Values.autoscaling.enabled",
                        "int .Values.autoscaling.maxReplicas",
                        "if and (gt $pods 1) (not $shared)",
                        "{{- fail (printf \"%d pods on VECTOR_STORE=%s",
                        "if and (eq .Values.adapters.vectorStore \"opensearch\") (not .Values.opensearch.url)");
        // The defaults pass the guard: one pod, no autoscaling, the embedded store.
        assertThat(values).containsEntry("replicaCount", 1);
        assertThat(map(values.get("autoscaling"))).containsEntry("enabled", false);
        assertThat(map(values.get("adapters"))).containsEntry("vectorStore", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<Path> templates() {
        List<Path> templates = DeployFiles.files(CHART + "/templates", ".yaml", ".tpl", ".txt");
        assertThat(templates).hasSizeGreaterThanOrEqualTo(9);
        return templates;
    }

    private static String text(Path file) {
        return DeployFiles.read(DeployFiles.root().relativize(file).toString());
    }

    private static int count(String text, String token) {
        return text.split(Pattern.quote(token), -1).length - 1;
    }
}

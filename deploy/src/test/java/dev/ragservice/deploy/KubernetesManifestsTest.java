package dev.ragservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ parsed into the typed Kubernetes model (unknown fields fail), and checked for what
 * breaks a rollout silently: selectors that match no pod, ports named differently, probes on the wrong port,
 * a pod that may run as root or write its image, secrets that block start-up (or, for the API keys, that fail to),
 * a keys file that never sees its Secret rotate, metrics reachable without a key, a grace period too short to drain.
 */
class KubernetesManifestsTest {

    static final String SERVICE = "rag-service";

    final KubernetesManifests manifests = KubernetesManifests.load();
    final Deployment deployment = manifests.named(Deployment.class, SERVICE);
    final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    final Container container = pod.getContainers().get(0);

    @Test
    void everyResourceTheIssueAsksForIsThere() {
        Set<String> kinds = manifests.resources().stream()
                .map(resource ->
                        resource.getKind() + "/" + resource.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(kinds)
                .contains(
                        "Deployment/rag-service",
                        "Service/rag-service",
                        "ConfigMap/rag-service-config",
                        "HorizontalPodAutoscaler/rag-service",
                        "PodDisruptionBudget/rag-service",
                        "NetworkPolicy/rag-service",
                        "Service/rag-service-hazelcast",
                        "Deployment/rag-redis",
                        "Service/rag-redis");
        assertThat(manifests.customResources())
                .extracting(resource -> resource.get("kind"))
                .containsExactly("PodMonitor");
    }

    /** The parse is strict: a misspelt field is an error, not an ignored extra (what kubectl --validate does). */
    @Test
    void aMisspeltFieldFailsTheParse() {
        Map<String, Object> document = DeployFiles.yamlDocuments(DeployFiles.path("deploy/kubernetes/deployment.yaml"))
                .get(0);
        Map<String, Object> container =
                map(list(map(map(map(document.get("spec")).get("template")).get("spec"))
                                .get("containers"))
                        .get(0));
        container.put("livenesProbe", container.remove("livenessProbe"));
        assertThatThrownBy(() -> DeployFiles.typed(document, Deployment.class)).hasMessageContaining("livenesProbe");
    }

    /**
     * `kubectl apply -f deploy/kubernetes/deployment.yaml` with the keys Secret alone: nothing else it refers to may
     * be required, and the keys Secret must be, so that a missing one stops the pod instead of leaving it open.
     */
    @Test
    void theDeploymentNeedsNothingButTheKeysSecret() {
        KubernetesManifests alone =
                KubernetesManifests.load(List.of(DeployFiles.path("deploy/kubernetes/deployment.yaml")));
        assertThat(alone.resources()).hasSize(1);
        assertThat(container.getEnvFrom()).allSatisfy(source -> {
            assertThat(source.getConfigMapRef()).isNotNull();
            assertThat(source.getConfigMapRef().getOptional()).isTrue();
        });
        assertThat(container.getEnv())
                .filteredOn(env -> env.getValueFrom() != null)
                .allSatisfy(
                        env -> assertThat(env.getValueFrom().getSecretKeyRef().getOptional())
                                .as(env.getName())
                                .isTrue());
        assertThat(pod.getVolumes())
                .filteredOn(volume -> volume.getSecret() == null)
                .allSatisfy(volume -> assertThat(volume.getEmptyDir())
                        .as("volume %s", volume.getName())
                        .isNotNull());
        assertThat(apiKeysVolume().getSecret().getOptional())
                .as("a missing keys Secret must stop the pod")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getServiceAccountName()).isNull();
    }

    /**
     * The keys file is the mounted Secret's, and the mount is the Secret's directory: the kubelet swaps the files of
     * a Secret volume when the Secret changes, but never a file mounted with subPath, so rotation would need a
     * restart. The example Secret has the name and the key the Deployment mounts.
     */
    @Test
    void theKeysFileComesFromTheSecretMountedAsADirectory() {
        Volume keys = apiKeysVolume();
        assertThat(keys.getSecret().getSecretName()).isEqualTo("rag-api-keys");
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(each -> each.getName().equals(keys.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the keys volume is not mounted"));
        assertThat(mount.getSubPath())
                .as("a subPath mount never sees a rotated Secret")
                .isNull();
        assertThat(mount.getSubPathExpr()).isNull();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(keys.getSecret().getItems()).hasSize(1);
        KeyToPath file = keys.getSecret().getItems().get(0);
        assertThat(env("API_KEYS_FILE").getValue()).isEqualTo(mount.getMountPath() + "/" + file.getPath());

        int mode = keys.getSecret().getDefaultMode();
        assertThat(mode & 0040).as("readable by the service's group (fsGroup)").isNotZero();
        assertThat(mode & 0007).as("not readable by other users").isZero();
        assertThat(pod.getSecurityContext().getFsGroup())
                .isEqualTo(pod.getSecurityContext().getRunAsGroup());

        Secret example = KubernetesManifests.apiKeysExample();
        assertThat(example.getStringData()).containsOnlyKeys(file.getKey());
        assertThat(KubernetesManifests.API_KEYS_EXAMPLE)
                .as("`kubectl apply -f deploy/kubernetes/` must skip it")
                .doesNotEndWith(".yaml")
                .doesNotEndWith(".yml")
                .doesNotEndWith(".json");
    }

    @Test
    void theApiKeysComeFromTheSecretRagSecrets() {
        for (String key : List.of("OPENAI_API_KEY", "PINECONE_API_KEY")) {
            EnvVar env = env(key);
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rag-secrets");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
        }
        ConfigMap config = manifests.named(ConfigMap.class, "rag-service-config");
        assertThat(config.getData().keySet()).noneMatch(name -> name.endsWith("_KEY") || name.endsWith("PASSWORD"));
    }

    @Test
    void probesUseTheServicesHealthPathsOnItsPort() {
        ContainerPort http = port(container, "http");
        assertThat(http.getContainerPort())
                .isEqualTo(Integer.parseInt(env("PORT").getValue()));
        assertThat(httpGet(container.getStartupProbe()).getPath()).isEqualTo("/health/live");
        assertThat(httpGet(container.getLivenessProbe()).getPath()).isEqualTo("/health/live");
        assertThat(httpGet(container.getReadinessProbe()).getPath()).isEqualTo("/health/ready");
        for (Probe probe :
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(httpGet(probe).getPort()).isEqualTo(new IntOrString("http"));
            assertThat(probe.getTimeoutSeconds()).isLessThan(probe.getPeriodSeconds());
        }
        // The startup probe must allow longer than a cold start (the model load) before liveness takes over.
        Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theServiceRunsAsNonRootOnAReadOnlyRootFileSystem() {
        for (Deployment workload : manifests.all(Deployment.class)) {
            PodSpec spec = workload.getSpec().getTemplate().getSpec();
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(spec.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(spec.getAutomountServiceAccountToken()).isFalse();
            for (Container each : spec.getContainers()) {
                assertThat(each.getSecurityContext().getReadOnlyRootFilesystem())
                        .as(each.getName())
                        .isTrue();
                assertThat(each.getSecurityContext().getAllowPrivilegeEscalation())
                        .isFalse();
                assertThat(each.getSecurityContext().getCapabilities().getDrop())
                        .containsExactly("ALL");
                Set<String> volumes =
                        spec.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
                assertThat(each.getVolumeMounts())
                        .extracting(VolumeMount::getName)
                        .allMatch(volumes::contains);
            }
        }
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        assertThat(mounts).containsKeys("/tmp", env("DATA_DIR").getValue());
        assertThat(pod.getSecurityContext().getFsGroup())
                .isEqualTo(pod.getSecurityContext().getRunAsGroup());
    }

    @Test
    void everyContainerHasRequestsWithinItsLimits() {
        for (Deployment workload : manifests.all(Deployment.class)) {
            for (Container each : workload.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, Quantity> requests = each.getResources().getRequests();
                Map<String, Quantity> limits = each.getResources().getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(requests).as("%s requests", each.getName()).containsKey(resource);
                    assertThat(limits).as("%s limits", each.getName()).containsKey(resource);
                    assertThat(requests.get(resource).getNumericalAmount())
                            .isLessThanOrEqualTo(limits.get(resource).getNumericalAmount());
                }
            }
        }
    }

    /** preStop pause, then SHUTDOWN_GRACE_SECONDS of draining, then time to close: all before the kill. */
    @Test
    void theTerminationGracePeriodCoversThePauseAndTheDrain() {
        List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        long pause = Long.parseLong(preStop.get(1));
        long drain = Long.parseLong(env("SHUTDOWN_GRACE_SECONDS").getValue());
        assertThat(pause).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(pause + drain + 5);
    }

    @Test
    void servicesSelectThePodsByTheirLabelsAndNamedPorts() {
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        for (String name : List.of(SERVICE, "rag-service-hazelcast")) {
            Service service = manifests.named(Service.class, name);
            assertThat(podLabels)
                    .as(name)
                    .containsAllEntriesOf(service.getSpec().getSelector());
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port(container, port.getTargetPort().getStrVal()).getContainerPort())
                        .isPositive();
            }
        }
        Service hazelcast = manifests.named(Service.class, "rag-service-hazelcast");
        assertThat(hazelcast.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(hazelcast.getSpec().getPublishNotReadyAddresses()).isTrue();

        Deployment redis = manifests.named(Deployment.class, "rag-redis");
        Map<String, String> redisLabels =
                redis.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(redisLabels)
                .containsAllEntriesOf(
                        manifests.named(Service.class, "rag-redis").getSpec().getSelector());
        assertThat(redisLabels)
                .as("the API Service must not send traffic to Redis")
                .doesNotContainEntry("app.kubernetes.io/name", SERVICE);
    }

    @Test
    void theHazelcastMembersFindEachOtherThroughTheHeadlessService() {
        ConfigMap config = manifests.named(ConfigMap.class, "rag-service-config");
        assertThat(config.getData()).containsEntry("HAZELCAST_KUBERNETES_SERVICE_DNS", "rag-service-hazelcast");
        assertThat(port(container, "hazelcast").getContainerPort()).isEqualTo(5701);
    }

    /** /metrics answers without a key on the metrics port: Prometheus scrapes it there, no Service exposes it. */
    @Test
    void prometheusScrapesTheMetricsPortThatNoServiceExposes() {
        ContainerPort metrics = port(container, "metrics");
        assertThat(metrics.getContainerPort())
                .isEqualTo(Integer.parseInt(env("PROMETHEUS_PORT").getValue()))
                .isNotEqualTo(port(container, "http").getContainerPort());

        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        List<Service> ofThePods = manifests.all(Service.class).stream()
                .filter(service -> podLabels
                        .entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()))
                .toList();
        assertThat(ofThePods)
                .extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrder(SERVICE, "rag-service-hazelcast");
        for (Service service : ofThePods) {
            assertThat(service.getSpec().getPorts())
                    .as(service.getMetadata().getName())
                    .extracting(ServicePort::getTargetPort)
                    .doesNotContain(new IntOrString("metrics"), new IntOrString(metrics.getContainerPort()));
        }

        Map<String, Object> spec = map(manifests.customResources().get(0).get("spec"));
        Map<String, String> selected = stringMap(map(spec.get("selector")).get("matchLabels"));
        assertThat(podLabels).containsAllEntriesOf(selected);
        Map<String, String> redisLabels = manifests
                .named(Deployment.class, "rag-redis")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        assertThat(redisLabels.entrySet().containsAll(selected.entrySet()))
                .as("Redis is not scraped")
                .isFalse();
        assertThat(list(spec.get("podMetricsEndpoints")))
                .singleElement()
                .satisfies(endpoint -> assertThat(map(endpoint))
                        .containsEntry("port", "metrics")
                        .containsEntry("path", "/metrics"));

        Map<String, String> annotations =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/metrics")
                .containsEntry("prometheus.io/port", metrics.getContainerPort().toString());
    }

    @Test
    void theDisruptionBudgetAndTheAutoscalerTargetTheDeployment() {
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget budget = manifests.named(PodDisruptionBudget.class, SERVICE);
        assertThat(podLabels)
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));

        HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, SERVICE);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(deployment.getApiVersion());
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(SERVICE);
        assertThat(autoscaler.getSpec().getMinReplicas())
                .isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        assertThat(autoscaler.getSpec().getMetrics())
                .extracting(MetricSpec::getType)
                .containsExactly("Resource", "Pods");
        assertThat(autoscaler.getSpec().getMetrics().get(0).getResource().getName())
                .isEqualTo("cpu");
        // CPU utilisation is measured against the request: there must be one.
        assertThat(container.getResources().getRequests()).containsKey("cpu");
    }

    /**
     * More than one pod only on a store every pod shares: the HPA goes with the ConfigMap, which names one (each
     * pod's embedded Lucene index is its own), and the Deployment alone stays one embedded pod.
     */
    @Test
    void morePodsThanOneOnlyOnASharedVectorStore() {
        HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, SERVICE);
        ConfigMap config = manifests.named(ConfigMap.class, "rag-service-config");

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(1);
        assertThat(config.getData().get("VECTOR_STORE")).isIn("opensearch", "pinecone");
        assertThat(config.getData()).containsKeys("OPENSEARCH_URL", "OPENSEARCH_INDEX");
        assertThat(container.getEnv())
                .filteredOn(env -> env.getName().startsWith("OPENSEARCH_"))
                .allSatisfy(
                        env -> assertThat(env.getValueFrom().getSecretKeyRef().getOptional())
                                .isTrue())
                .extracting(env -> env.getName())
                .containsExactly("OPENSEARCH_USERNAME", "OPENSEARCH_PASSWORD");
    }

    /** The HPA's Pods metric is the name prometheus-adapter gives rag_requests_total with the shipped rule. */
    @Test
    void theRequestRateMetricIsTheOnePrometheusAdapterMakes() {
        Map<String, Object> rule = map(list(map(DeployFiles.yaml("deploy/prometheus/prometheus-adapter-rules.yaml")
                                .get("rules"))
                        .get("custom"))
                .get(0));
        String series = (String) rule.get("seriesQuery");
        assertThat(PromQl.metrics(series)).containsExactly("rag_requests_total");
        Map<String, Object> naming = map(rule.get("name"));
        String adapted = "rag_requests_total"
                .replaceAll((String) naming.get("matches"), ((String) naming.get("as")).replace("${1}", "$1"));
        HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, SERVICE);
        assertThat(autoscaler
                        .getSpec()
                        .getMetrics()
                        .get(1)
                        .getPods()
                        .getMetric()
                        .getName())
                .isEqualTo(adapted)
                .isEqualTo("rag_requests_per_second");
    }

    @Test
    void theNetworkPolicyAdmitsTheServicesPortsByName() {
        NetworkPolicy policy = manifests.named(NetworkPolicy.class, SERVICE);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        Set<String> named = policy.getSpec().getIngress().stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(NetworkPolicyPort::getPort)
                .map(IntOrString::getStrVal)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        assertThat(named).containsExactlyInAnyOrder("http", "hazelcast", "metrics");
        named.forEach(name -> port(container, name));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    }

    /** The metrics port answers without a key: only a rule with Prometheus's selectors admits it. */
    @Test
    void theNetworkPolicyAdmitsOnlyPrometheusToTheMetricsPort() {
        NetworkPolicy policy = manifests.named(NetworkPolicy.class, SERVICE);
        IntOrString metricsNumber = new IntOrString(port(container, "metrics").getContainerPort());
        assertThat(policy.getSpec().getIngress())
                .allSatisfy(rule -> assertThat(rule.getPorts())
                        .as("a rule without ports admits every port")
                        .isNotEmpty());
        List<NetworkPolicyIngressRule> toMetrics = policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .map(NetworkPolicyPort::getPort)
                        .anyMatch(port -> port.equals(new IntOrString("metrics")) || port.equals(metricsNumber)))
                .toList();
        assertThat(toMetrics).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts())
                    .extracting(NetworkPolicyPort::getPort)
                    .containsExactly(new IntOrString("metrics"));
            assertThat(rule.getFrom()).as("from Prometheus only").isNotEmpty().allSatisfy(peer -> {
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", "prometheus");
            });
        });
    }

    private Volume apiKeysVolume() {
        return pod.getVolumes().stream()
                .filter(volume -> volume.getSecret() != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Secret volume for the API keys"));
    }

    private EnvVar env(String name) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in the deployment"));
    }

    private static ContainerPort port(Container container, String name) {
        return container.getPorts().stream()
                .filter(port -> name.equals(port.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static HTTPGetAction httpGet(Probe probe) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        return probe.getHttpGet();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stringMap(Object value) {
        return (Map<String, String>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Streamed answers leave as written: no buffering in the proxy, and its read timeout above the heartbeat. */
    @Test
    void theIngressPassesStreamsOnUnbufferedToTheServicesPort() {
        io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress =
                manifests.named(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "rag-service");
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off");
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThan(15);
        var backend = ingress.getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService();
        assertThat(backend.getName()).isEqualTo("rag-service");
        assertThat(backend.getPort().getName()).isEqualTo("http");
        Map<String, Object> chart =
                map(DeployFiles.yaml(HelmChartTest.CHART + "/values.yaml").get("ingress"));
        assertThat(map(chart.get("annotations"))).isEqualTo(new java.util.HashMap<>(annotations));
    }
}

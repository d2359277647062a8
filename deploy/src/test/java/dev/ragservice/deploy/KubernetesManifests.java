package dev.ragservice.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every document of deploy/kubernetes/*.yaml in the typed fabric8 model. The PodMonitor, a custom resource
 * fabric8's core model does not have, stays a map.
 */
record KubernetesManifests(List<HasMetadata> resources, List<Map<String, Object>> customResources) {

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1 Ingress", Ingress.class);
    static final String POD_MONITOR = "monitoring.coreos.com/v1 PodMonitor";
    /** The example of the Secret the Deployment mounts; not a .yaml, so `kubectl apply -f` of the folder skips it. */
    static final String API_KEYS_EXAMPLE = "deploy/kubernetes/api-keys-secret.yaml.example";

    static KubernetesManifests load() {
        return load(DeployFiles.files("deploy/kubernetes", ".yaml", ".yml"));
    }

    static KubernetesManifests load(List<Path> files) {
        List<HasMetadata> resources = new ArrayList<>();
        List<Map<String, Object>> custom = new ArrayList<>();
        for (Path file : files) {
            for (Map<String, Object> document : DeployFiles.yamlDocuments(file)) {
                String kind = document.get("apiVersion") + " " + document.get("kind");
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type != null) {
                    resources.add(DeployFiles.typed(document, type));
                } else if (kind.equals(POD_MONITOR)) {
                    custom.add(document);
                } else {
                    throw new AssertionError(file.getFileName() + ": unexpected kind " + kind);
                }
            }
        }
        return new KubernetesManifests(List.copyOf(resources), List.copyOf(custom));
    }

    /** The example Secret with the API keys file, parsed as strictly as the manifests. */
    static Secret apiKeysExample() {
        return load(List.of(DeployFiles.path(API_KEYS_EXAMPLE))).named(Secret.class, "rag-api-keys");
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream()
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }
}

package dev.openirn.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests and compose.yaml checked against the application's own settings: the probes ask the
 * health groups application.yaml defines on the port the container is told to serve them on, the Service and the
 * PodDisruptionBudget select the Deployment's pods, every secret the pods read exists, the memory fits the
 * benchmark's RSS and the grace period outlasts the graceful shutdown. (No schema validator is used: none is on
 * Maven Central in a form that runs offline.)
 */
class DeploymentManifestsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    /** Resident memory of the server under the benchmark's load (docs/performance.md), in MiB. */
    private static final int BENCHMARK_RSS_MIB = 450;

    @Test
    void probesPortsSecretsAndSelectorsAgreeWithTheApplication() throws IOException {
        Map<String, Object> application = yaml(Path.of("src/main/resources/application.yaml")).get(0);
        Map<String, Object> health = map(application, "management", "endpoint", "health");
        assertThat(map(health, "probes").get("enabled")).isEqualTo(true);
        assertThat((String) map(health, "group", "liveness").get("include")).contains("livenessState");
        assertThat((String) map(health, "group", "readiness").get("include")).contains("readinessState", "db")
                .doesNotContain("irp");
        assertThat(map(application, "server").get("shutdown")).isEqualTo("graceful");
        assertThat((String) map(application, "management", "endpoints", "web", "exposure").get("include"))
                .contains("health", "prometheus");

        List<Map<String, Object>> documents = yaml(K8S.resolve("deployment.yaml"));
        Map<String, Object> deployment = kind(documents, "Deployment");
        Map<String, Object> service = kind(documents, "Service");
        Map<String, Object> budget = kind(documents, "PodDisruptionBudget");
        Map<String, Object> secret = kind(yaml(K8S.resolve("secret.yaml")), "Secret");

        Map<String, Object> podSpec = map(deployment, "spec", "template", "spec");
        Map<String, Object> container = list(podSpec, "containers").get(0);
        Map<String, Integer> ports = new java.util.HashMap<>();
        list(container, "ports").forEach(port -> ports.put((String) port.get("name"), (Integer) port.get("containerPort")));
        Map<String, Object> env = new java.util.HashMap<>();
        list(container, "env").forEach(variable -> env.put((String) variable.get("name"),
                variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom")));

        // The server listens where the pod says: PORT for the API and console, MANAGEMENT_SERVER_PORT for actuator.
        assertThat(ports.get("http")).isEqualTo(Integer.parseInt((String) env.get("PORT")));
        assertThat(ports.get("management")).isEqualTo(Integer.parseInt((String) env.get("MANAGEMENT_SERVER_PORT")));
        assertThat((String) map(application, "server").get("port")).isEqualTo("${PORT:8080}");

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(container, probe, "httpGet");
            assertThat(get.get("port")).as(probe).isEqualTo("management");
            String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
            assertThat(get.get("path")).as(probe).isEqualTo("/actuator/health/" + group);
        }

        // Every secret the pod reads is in the Secret manifest.
        Map<String, Object> secretData = map(secret, "stringData");
        list(container, "env").stream().filter(variable -> variable.containsKey("valueFrom")).forEach(variable -> {
            Map<String, Object> ref = map(variable, "valueFrom", "secretKeyRef");
            assertThat(ref.get("name")).isEqualTo(map(secret, "metadata").get("name"));
            assertThat(secretData).as("secret key of " + variable.get("name")).containsKey((String) ref.get("key"));
        });
        assertThat(env).containsKeys("OPENIRN_MASTER_KEY", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD");

        // The Service and the budget select exactly the Deployment's pods; the Service exposes no management port.
        Map<String, Object> labels = map(deployment, "spec", "template", "metadata", "labels");
        assertThat(map(deployment, "spec", "selector", "matchLabels")).isEqualTo(labels);
        assertThat(map(service, "spec", "selector")).isEqualTo(labels);
        assertThat(map(budget, "spec", "selector", "matchLabels")).isEqualTo(labels);
        assertThat(list(map(service, "spec"), "ports")).extracting(port -> port.get("targetPort")).containsExactly("http");
        assertThat((Integer) map(budget, "spec").get("minAvailable")).isLessThan((Integer) map(deployment, "spec").get("replicas"));

        // Memory from the benchmark's RSS; a grace period longer than preStop, the graceful shutdown phase (30 s) and
        // the drain of IRP attempts in flight (twice the default request timeout of 10 s).
        int request = mebibytes((String) map(container, "resources", "requests").get("memory"));
        int limit = mebibytes((String) map(container, "resources", "limits").get("memory"));
        assertThat(request).isGreaterThanOrEqualTo(BENCHMARK_RSS_MIB);
        assertThat(limit).isGreaterThan(request);
        int preStop = (Integer) map(container, "lifecycle", "preStop", "sleep").get("seconds");
        assertThat((Integer) podSpec.get("terminationGracePeriodSeconds")).isGreaterThan(preStop + 30 + 20);

        // compose.yaml: the same image, the management port its health check asks, the master key required.
        Map<String, Object> compose = yaml(ROOT.resolve("compose.yaml")).get(0);
        Map<String, Object> openirn = map(compose, "services", "openirn");
        assertThat(openirn.get("image")).isEqualTo(container.get("image"));
        assertThat(container.get("image")).isEqualTo("openirn/openirn-server:" + projectVersion());
        Map<String, Object> composeEnv = map(openirn, "environment");
        assertThat(String.join(" ", (List<String>) map(openirn, "healthcheck").get("test")))
                .contains("/dev/tcp/127.0.0.1/" + composeEnv.get("MANAGEMENT_SERVER_PORT"))
                .contains("/actuator/health/readiness");
        assertThat((String) composeEnv.get("OPENIRN_MASTER_KEY")).contains(":?");
        assertThat((List<?>) openirn.get("volumes")).anySatisfy(volume -> assertThat((String) volume).endsWith(":/data"));
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>openirn-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static int mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Integer.parseInt(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertThat(quantity).endsWith("Mi");
        return Integer.parseInt(quantity.substring(0, quantity.length() - 2));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        assertThat(file).exists();
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            new Yaml().loadAll(reader).forEach(document -> documents.add((Map<String, Object>) document));
        }
        return documents;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Map<String, Object> current = root;
        for (String key : path) {
            Object next = current.get(key);
            assertThat(next).as(String.join(".", path) + " at " + key).isInstanceOf(Map.class);
            current = (Map<String, Object>) next;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> root, String key) {
        return (List<Map<String, Object>>) root.get(key);
    }
}

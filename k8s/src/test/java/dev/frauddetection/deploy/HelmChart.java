package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** helm-java (Helm's own Go code, embedded) applied to helm/fraud-detection with one of its two value sets. */
enum HelmChart {

    /** values.yaml plus values-kind.yaml: the small set for a kind cluster, with its published users and simulator. */
    KIND("values-kind.yaml"),
    /** values.yaml, values-kind.yaml and values-jvm.yaml: kind with the JVM images, the fallback to native ones. */
    KIND_JVM("values-kind.yaml", "values-jvm.yaml"),
    /** values.yaml plus values-production.yaml: the highly available set. */
    PRODUCTION("values-production.yaml");

    static final String RELEASE = "fraud";
    /** What helm.sh/hook is renamed to in the rendered copy (see chartWithHooksAsManifests). */
    static final String HOOK_ANNOTATION = "fraud-detection.test/helm-hook";
    static final String NAMESPACE = "fraud";
    /** The Kubernetes version of k8s/kind-cluster.yaml's node image. */
    static final String KUBE_VERSION = "v1.33.1";
    private static final Map<HelmChart, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private static Path hooksAsManifests;

    private final List<String> overlays;

    HelmChart(String... overlays) {
        this.overlays = List.of(overlays);
    }

    /** Every manifest `helm template fraud ./helm/fraud-detection -n fraud -f overlay...` prints. */
    List<ObjectNode> render() {
        return RENDERED.computeIfAbsent(this, set -> {
            String manifests = set.template(Map.of()).call();
            try {
                // Kept for reading: what `helm template` printed for this value set.
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "rendered-" + name().toLowerCase() + ".yaml"), manifests);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Project.documents(manifests);
        });
    }

    /** A one-off rendering with --set overrides on top of this value set. */
    List<ObjectNode> renderWith(Map<String, Object> sets) {
        return Project.documents(template(sets).call());
    }

    private TemplateCommand template(Map<String, Object> sets) {
        TemplateCommand command = new Helm(chartWithHooksAsManifests()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String overlay : overlays) {
            command = command.withValuesFile(Project.CHART.resolve(overlay));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command;
    }

    /**
     * `helm lint --strict`. helm-java's lint takes no values file, so the production set is linted as a copy of
     * the chart whose values.yaml is values.yaml merged with the overlay, exactly what Helm itself would merge.
     */
    LintResult lint() {
        return new Helm(chartWithMergedValues()).lint().strict().call();
    }

    List<ObjectNode> find(String kind) {
        return render().stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    ObjectNode find(String kind, String name) {
        return find(kind).stream().filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(this + " renders no " + kind + " " + name));
    }

    /**
     * helm-java's template, unlike the helm CLI, leaves hooks out (the Secrets created at install, the `helm test`
     * pod). So templates are rendered from a copy of the chart in which the hook annotation is renamed to
     * {@link #HOOK_ANNOTATION}: hooks then render as plain manifests, are validated like the rest, and tests can
     * still tell which ones were hooks.
     */
    private static synchronized Path chartWithHooksAsManifests() {
        if (hooksAsManifests != null) {
            return hooksAsManifests;
        }
        try {
            // Copied afresh once per test run: a copy left by an earlier run may be stale.
            Path copy = Path.of("target", "chart-hooks-as-manifests", "fraud-detection").toAbsolutePath();
            copyChart(Project.CHART, copy);
            try (Stream<Path> templates = Files.walk(copy.resolve("templates"))) {
                for (Path template : templates.filter(Files::isRegularFile).toList()) {
                    Files.writeString(template, Files.readString(template).replace("helm.sh/hook:", HOOK_ANNOTATION + ":"));
                }
            }
            hooksAsManifests = copy;
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path chartWithMergedValues() {
        try {
            Path copy = Path.of("target", "lint-" + name().toLowerCase(), "fraud-detection").toAbsolutePath();
            copyChart(Project.CHART, copy);
            JsonNode merged = Project.YAML.readTree(Project.CHART.resolve("values.yaml").toFile());
            for (String overlay : overlays) {
                merged = merge(merged, Project.YAML.readTree(Project.CHART.resolve(overlay).toFile()));
            }
            Project.YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge: maps merge key by key, anything else in the overlay replaces the default. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
            return overlay;
        }
        ObjectNode result = baseObject.deepCopy();
        overlay.properties().forEach(e -> result.set(e.getKey(),
                result.has(e.getKey()) ? merge(result.get(e.getKey()), e.getValue()) : e.getValue()));
        return result;
    }

    private static void copyChart(Path from, Path to) throws IOException {
        deleteRecursively(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    // files/strimzi: keep it a link to the one strimzi/ directory.
                    Files.createSymbolicLink(target, source.toRealPath());
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

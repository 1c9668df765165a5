package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of a native build without building one: each service has both Dockerfiles and a native
 * profile; every classpath resource listed for the native image exists; every class registered for reflection in a
 * reflect-config.json exists, and so does every Jackson subtype of a registered type (a missing one would only fail
 * in the native executable, when that rule is first read).
 */
class NativeConfigurationTest {

    private static final Pattern SUBTYPE = Pattern.compile("@JsonSubTypes\\.Type\\(value\\s*=\\s*([\\w.]+)\\.class");

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "detector-service", "alert-dashboard"})
    void buildsNativeOrJvmImagesAsNonRoot(String service) throws IOException {
        Path module = Project.ROOT.resolve(service);
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            String text = Files.readString(module.resolve("src/main/docker/" + dockerfile));
            assertThat(text).as(dockerfile).contains("USER 1001").doesNotContainPattern("(?m)^USER (root|0)\\b");
        }
        assertThat(Files.readString(module.resolve("pom.xml"))).contains("<name>native</name>")
                .contains("<quarkus.native.enabled>true</quarkus.native.enabled>");
    }

    /** Resources such as datafaker's locale files live in a dependency; the service's build has packaged those jars. */
    private static boolean inDependencyJar(String service, String resource) throws IOException {
        Path lib = Project.ROOT.resolve(service).resolve("target/quarkus-app/lib/main");
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                    if (zip.getEntry(resource) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "detector-service", "alert-dashboard"})
    void nativeResourcesAndReflectionRegistrationsNameThingsThatExist(String service) throws IOException {
        Path main = Project.ROOT.resolve(service).resolve("src/main");
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(main.resolve("resources/application.properties"))) {
            properties.load(in);
        }
        for (String include : properties.getProperty("quarkus.native.resources.includes", "").split(",")) {
            if (!include.isBlank() && !include.contains("*")) {
                assertThat(Files.isRegularFile(main.resolve("resources").resolve(include.strip()))
                        || inDependencyJar(service, include.strip()))
                        .as("native resource %s in %s's resources or in one of its packaged dependencies", include, service)
                        .isTrue();
            }
        }

        Set<String> registered = new HashSet<>();
        try (Stream<Path> configs = Files.walk(main.resolve("resources"))) {
            for (Path config : configs.filter(f -> f.getFileName().toString().equals("reflect-config.json")).toList()) {
                for (JsonNode entry : Project.JSON.readTree(config.toFile())) {
                    registered.add(entry.path("name").asText());
                }
            }
        }
        for (String type : registered) {
            String outer = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
            Path source = main.resolve("java").resolve(outer.replace('.', '/') + ".java");
            assertThat(source).as("source of " + type + " registered for reflection").isRegularFile();
            String simple = type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
            assertThat(Files.readString(source)).as(type).containsPattern("(record|class|interface|enum) " + simple + "\\b");
            Matcher subtype = SUBTYPE.matcher(Files.readString(source));
            while (subtype.find()) {
                String nested = subtype.group(1).replace('.', '$');
                String subtypeName = type.substring(0, type.lastIndexOf('.') + 1) + nested;
                assertThat(registered).as("Jackson subtype of " + type).contains(subtypeName);
            }
        }
    }
}

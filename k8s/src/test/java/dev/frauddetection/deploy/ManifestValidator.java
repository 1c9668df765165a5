package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Routes a resource to the schema that applies: Strimzi's CRD schemas or the Kubernetes model. */
final class ManifestValidator {

    private ManifestValidator() {
    }

    static List<String> validate(JsonNode resource) {
        List<String> errors = StrimziSchemas.isStrimzi(resource)
                ? StrimziSchemas.validate(resource)
                : KubernetesModel.validate(resource);
        if (!resource.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            return java.util.stream.Stream.concat(errors.stream(),
                    java.util.stream.Stream.of("metadata.name is not a valid Kubernetes name")).toList();
        }
        return errors;
    }
}

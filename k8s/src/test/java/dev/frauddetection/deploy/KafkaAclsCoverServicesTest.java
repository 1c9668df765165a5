package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege must still be enough: every topic a service's Kafka channels read or write, and every consumer
 * group they join, is allowed by that service's KafkaUser (strimzi/security). A channel added to a service without
 * its ACL would fail only on a cluster with authorization on; here it fails the build.
 */
class KafkaAclsCoverServicesTest {

    private static final Pattern CHANNEL_KEY = Pattern.compile(
            "mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.(topic|group\\.id|dead-letter-queue\\.topic)");

    @ParameterizedTest(name = "{0} as KafkaUser {1}")
    @CsvSource({"detector-service, fraud-detector", "alert-dashboard, alert-dashboard"})
    void everyTopicAndGroupOfTheServicesChannelsIsAllowedByItsKafkaUser(String service, String user) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Project.ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        JsonNode acls = Project.documents(Project.STRIMZI.resolve("security/" + user + ".yaml")).getFirst()
                .path("spec").path("authorization").path("acls");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String key : properties.stringPropertyNames()) {
            Matcher channel = CHANNEL_KEY.matcher(key);
            if (!channel.matches()) {
                continue;
            }
            String value = properties.getProperty(key);
            String needed = switch (channel.group(3)) {
                case "group.id" -> "group:Read";
                case "dead-letter-queue.topic" -> "topic:Write";
                default -> channel.group(1).equals("incoming") ? "topic:Read" : "topic:Write";
            };
            checked++;
            if (!allowed(acls, needed.substring(0, needed.indexOf(':')), value, needed.substring(needed.indexOf(':') + 1))) {
                missing.add(needed + " on " + value + " (" + key + ")");
            }
        }

        assertThat(checked).as("Kafka channel settings found in " + service).isGreaterThanOrEqualTo(2);
        assertThat(missing).as("ACLs missing from strimzi/security/" + user + ".yaml").isEmpty();
    }

    /** A name with ${...} in it (a per-instance group) needs a prefix ACL on the part before the expression. */
    private static boolean allowed(JsonNode acls, String type, String name, String operation) {
        int expression = name.indexOf("${");
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            boolean operationAllowed = acl.path("operations").toString().contains("\"" + operation + "\"")
                    || acl.path("operations").toString().contains("\"All\"");
            if (!type.equals(resource.path("type").asText()) || !operationAllowed) {
                continue;
            }
            String aclName = resource.path("name").asText();
            boolean prefix = "prefix".equals(resource.path("patternType").asText());
            boolean matches = expression >= 0
                    ? prefix && name.substring(0, expression).startsWith(aclName)
                    : prefix ? name.startsWith(aclName) : name.equals(aclName);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}

package dev.frauddetection.localstack;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTokensTest {

    /** Each caller's token verifies with the written public key, for its one service and roles; nothing else does. */
    @Test
    void everyCallerGetsATokenForItsServiceAndRolesOnly(@TempDir Path dir) throws Exception {
        Path publicKeyFile = ServiceTokens.issue(dir, Duration.ofDays(2));
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                .decode(Files.readString(publicKeyFile).replaceAll("-----[A-Z ]+-----", ""))));

        for (ServiceTokens.Caller caller : ServiceTokens.CALLERS) {
            Path file = dir.resolve(caller.name() + ".jwt");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(publicKey).setExpectedIssuer("fraud-detection")
                    .setExpectedAudience(caller.audience()).setRequireExpirationTime().build()
                    .processToClaims(Files.readString(file));
            assertThat(claims.getStringListClaimValue("groups")).isEqualTo(caller.roles());
            assertThat(claims.getSubject()).isEqualTo(caller.name());
            assertThat(claims.getExpirationTime().getValueInMillis() - System.currentTimeMillis())
                    .isBetween(Duration.ofDays(2).minusMinutes(5).toMillis(), Duration.ofDays(2).toMillis());
            String otherService = caller.audience().equals("ingest-service") ? "detector-service" : "ingest-service";
            assertThatThrownBy(() -> new JwtConsumerBuilder().setVerificationKey(publicKey)
                    .setExpectedAudience(otherService).build().processToClaims(Files.readString(file)))
                    .isInstanceOf(InvalidJwtException.class);
        }
        assertThat(dir.resolve("signing-key.pem")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.contains("PRIVATE") || n.endsWith(".key")))
                    .isEmpty();
        }
    }
}

package dev.frauddetection.dashboard.security;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersFileTest {

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = PasswordHash.create("s3cret".toCharArray(), 1000);

        assertThat(hash).startsWith("pbkdf2-sha256:1000:");
        assertThat(PasswordHash.matches("s3cret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("s3cret ".toCharArray(), hash)).isFalse();
    }

    @Test
    void readsUsersWithTheirRoles() {
        Properties p = new Properties();
        p.setProperty("ana.password", PasswordHash.create("x".toCharArray(), 1000));
        p.setProperty("ana.roles", "analyst, viewer");

        UsersFile file = UsersFile.parse(p, "users.properties");

        assertThat(file.users().get("ana").roles()).containsExactlyInAnyOrder("analyst", "viewer");
    }

    @Test
    void refusesPlainPasswordsAndUsersWithoutRoles() {
        Properties plain = new Properties();
        plain.setProperty("ana.password", "secret");
        plain.setProperty("ana.roles", "analyst");
        assertThatThrownBy(() -> UsersFile.parse(plain, "u.properties")).hasMessageContaining("ana.password");

        Properties roleless = new Properties();
        roleless.setProperty("ana.password", PasswordHash.create("x".toCharArray(), 1000));
        assertThatThrownBy(() -> UsersFile.parse(roleless, "u.properties")).hasMessageContaining("ana.roles");

        assertThatThrownBy(() -> UsersFile.parse(new Properties(), "u.properties")).hasMessageContaining("no users");
    }
}

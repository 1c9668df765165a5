package dev.frauddetection.ingest.simulator;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorRunnerTest {

    /** streaming=true in a deployment without the simulator is a configuration mistake, refused at start-up. */
    @Test
    void streamingNeedsTheSimulatorEnabled() {
        SimulatorConfig defaults = new TestSimulatorConfig();
        SimulatorConfig disabledButStreaming = (SimulatorConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{SimulatorConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> false;
                    case "streaming" -> true;
                    default -> method.invoke(defaults, args);
                });
        assertThatThrownBy(() -> new SimulatorRunner(disabledButStreaming, null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fraud.simulator.enabled=true");
    }
}

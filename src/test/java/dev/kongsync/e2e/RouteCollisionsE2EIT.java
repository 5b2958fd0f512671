package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link RouteCollisionsE2ETest} against the packaged artifact (the JVM jar, or the native executable with -Dnative). */
@QuarkusMainIntegrationTest
class RouteCollisionsE2EIT extends RouteCollisionsE2ETest {
}

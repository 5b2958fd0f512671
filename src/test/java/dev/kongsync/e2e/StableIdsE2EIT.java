package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link StableIdsE2ETest} against the packaged artifact (the JVM jar, or the native executable with -Dnative). */
@QuarkusMainIntegrationTest
class StableIdsE2EIT extends StableIdsE2ETest {
}

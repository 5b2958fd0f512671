package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link ClusterE2ETest} against the packaged artifact (the JVM jar, or the native executable with -Dnative). */
@QuarkusMainIntegrationTest
class ClusterE2EIT extends ClusterE2ETest {
}

package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link ReviewWorkflowE2ETest} against the packaged artifact (the JVM jar, or the native executable with -Dnative). */
@QuarkusMainIntegrationTest
class ReviewWorkflowE2EIT extends ReviewWorkflowE2ETest {
}

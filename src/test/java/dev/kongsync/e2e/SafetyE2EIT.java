package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link SafetyE2ETest} against the packaged artifact (the JVM jar, or the native executable). */
@QuarkusMainIntegrationTest
class SafetyE2EIT extends SafetyE2ETest {
}

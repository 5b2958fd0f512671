package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link EveryKindE2ETest} against the packaged artifact (the JVM jar, or the native executable). */
@QuarkusMainIntegrationTest
class EveryKindE2EIT extends EveryKindE2ETest {
}

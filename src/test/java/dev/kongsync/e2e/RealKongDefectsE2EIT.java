package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link RealKongDefectsE2ETest} against the packaged artifact (the JVM jar, or the native executable). */
@QuarkusMainIntegrationTest
class RealKongDefectsE2EIT extends RealKongDefectsE2ETest {
}

package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link OwnershipE2ETest} against the packaged artifact (the JVM jar, or the native executable with -Dnative). */
@QuarkusMainIntegrationTest
class OwnershipE2EIT extends OwnershipE2ETest {
}

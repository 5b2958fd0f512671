package dev.kongsync.e2e;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link PlatformVerifyE2ETest} against the packaged artifact. */
@QuarkusMainIntegrationTest
class PlatformVerifyE2EIT extends PlatformVerifyE2ETest {
}

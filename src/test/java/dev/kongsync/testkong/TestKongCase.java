package dev.kongsync.testkong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests of the test Kong itself: one test Kong per class, emptied before each test, and a raw HTTP client to it. */
abstract class TestKongCase {
    static TestKong kong;
    static KongHttp http;

    @BeforeAll
    static void start() {
        kong = TestKong.start();
        http = new KongHttp(kong);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void reset() {
        kong.reset();
    }
}

/**
 * Real servers nobody on the project wrote, started from Debian packages on free loopback ports by the tests
 * that need them: nginx, httpbin (under gunicorn) and tinyproxy; curl as the reference client and openssl for
 * test certificates. A missing program fails the test with the package to install; nothing is skipped.
 */
package dev.shoal.testkit.real;

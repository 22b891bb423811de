/** In-process Netty servers for tests, the demo and benchmarks. */
package dev.shoal.testkit;

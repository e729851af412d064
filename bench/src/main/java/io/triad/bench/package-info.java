/**
 * Benchmarks of Triad's ingestion and search against raw Lucene and rsyslog baselines, driven by {@code bench/*.sh}.
 * Every figure is measured in the run that prints it; nothing here is part of the test suite.
 */
@org.jspecify.annotations.NullMarked
package io.triad.bench;

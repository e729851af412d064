package io.triad.search.correlation;

/** A correlation key and one of its values, as {@code correlation.<name>:<value>} is indexed. */
public record Link(String name, String value) {}

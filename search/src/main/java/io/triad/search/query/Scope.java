package io.triad.search.query;

/** Which events count as the neighbours of an event in {@link SearchService#surrounding}. */
public enum Scope {
    /** Events of the same host. */
    HOST,
    /** Events of the same host, application and process id. */
    HOST_APP_PROC
}

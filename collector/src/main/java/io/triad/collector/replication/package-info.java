/**
 * Inter-site journal replication: each data site pulls the events its peer journaled first, from the last origin
 * sequence it holds, over TLS with mutual authentication, and appends them to its own journal, so both sites hold
 * (and index) the union of their events.
 *
 * <p>{@link io.triad.collector.replication.ReplicationServer} streams this site's own durable events to the peer and
 * takes its acknowledgements; {@link io.triad.collector.replication.ReplicationClient} pulls the peer's events and
 * acknowledges each batch once it is fsynced here; {@link io.triad.collector.replication.PeerAcks} holds what the
 * peer has acknowledged, and {@link io.triad.collector.replication.ReplicatedSink} makes an input's acknowledgement
 * wait for it (ack policy {@code both}). {@link io.triad.collector.replication.Replication} puts them together. The
 * wire format is in {@link io.triad.collector.replication.Frame}.
 *
 * <p>API of the module: {@link io.triad.collector.replication.Replication}, {@link
 * io.triad.collector.replication.ReplicationConfig}, {@link io.triad.collector.replication.ReplicationTls}, {@link
 * io.triad.collector.replication.AckPolicy} and {@link io.triad.collector.replication.SiteView}; every other type is
 * package-private.
 */
@NullMarked
package io.triad.collector.replication;

import org.jspecify.annotations.NullMarked;

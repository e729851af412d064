package io.triad.appliance.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained NDJSON ingest into several sites at once: per site, {@code threads} clients post batches of numbered
 * events ({@code "event n<N> <marker>"}) to {@code POST /api/v1/ingest} and remember the numbers of every batch that
 * was answered 200, that is acknowledged. A batch whose request fails or times out counts as not acknowledged; the
 * client goes on with the next (a dead site's clients keep retrying, slowly).
 */
final class LogLoad implements AutoCloseable {
    private final String marker;
    private final int batchSize;
    private final Duration pause;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Set<Integer>> acked = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /**
     * @param targets the ingest URL of each site, by site id
     * @param pause the wait between two batches of one client
     */
    LogLoad(String marker, Map<String, URI> targets, int threads, int batchSize, Duration pause) {
        this.marker = marker;
        this.batchSize = batchSize;
        this.pause = pause;
        targets.forEach((site, url) -> {
            acked.put(site, ConcurrentHashMap.newKeySet());
            failed.put(site, new AtomicInteger());
            for (int t = 0; t < threads; t++) {
                Thread c = new Thread(() -> run(site, url), "load-" + site + "-" + t);
                c.setDaemon(true);
                clients.add(c);
            }
        });
        clients.forEach(Thread::start);
    }

    private void run(String site, URI url) {
        while (!stop.get()) {
            List<Integer> batch = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < batchSize; i++) {
                int n = next.getAndIncrement();
                batch.add(n);
                body.append("{\"host\":\"load-host\",\"component\":\"EEP\",\"message\":\"event n")
                        .append(n)
                        .append(' ')
                        .append(marker)
                        .append("\"}\n");
            }
            boolean ok;
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                ok = r.statusCode() == 200;
            } catch (java.io.IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ok) {
                acked.get(site).addAll(batch);
            } else {
                failed.get(site).incrementAndGet();
            }
            try {
                Thread.sleep(ok ? pause.toMillis() : 200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The marker every event carries (a search for it finds exactly this load's events). */
    String marker() {
        return marker;
    }

    /** The numbers of the events a site acknowledged so far. */
    Set<Integer> acked(String site) {
        return Set.copyOf(acked.get(site));
    }

    /** Every acknowledged number, of all sites. */
    Set<Integer> allAcked() {
        Set<Integer> all = new java.util.HashSet<>();
        acked.values().forEach(all::addAll);
        return all;
    }

    /** Batches not acknowledged by a site (refused, failed or timed out). */
    int failed(String site) {
        return failed.get(site).get();
    }

    /** The number of an event, from its message. */
    static int number(String message) {
        return Integer.parseInt(message.substring("event n".length(), message.indexOf(' ', 7)));
    }

    /** Stops the clients and waits for their requests in flight (at most their timeout). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread c : clients) {
            c.join(35_000);
        }
    }
}

package io.triad.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Step c of {@code bench/ingest.sh}, the baseline: the same lines indexed by a plain {@link IndexWriter} in this JVM,
 * one thread, default codec, 64 MB RAM buffer, {@link StandardAnalyzer}. Each line is parsed minimally: the RFC 5424
 * header split on spaces for the timestamp, host and app; the rest is the message.
 *
 * <p>Fields: {@code message} ({@link TextField}, stored), {@code host} and {@code app} ({@link StringField}, not
 * stored), {@code timestamp} (epoch ms, {@link LongPoint} and {@link NumericDocValuesField}). Time runs from opening
 * the file to the end of the final commit.
 */
final class LuceneBaseline {
    private LuceneBaseline() {}

    /** {@code LuceneBaseline EVENT_FILE INDEX_DIR RESULT_FILE}; the index directory must not exist yet. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LuceneBaseline EVENT_FILE INDEX_DIR RESULT_FILE");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path indexDir = Path.of(args[1]);
        Path resultFile = Path.of(args[2]);
        if (Files.exists(indexDir)) {
            throw new IOException("the index directory exists already (remove it first): " + indexDir);
        }
        long start = System.nanoTime();
        long docs = 0;
        long skipped = 0;
        IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(64);
        try (FSDirectory dir = FSDirectory.open(indexDir);
                IndexWriter w = new IndexWriter(dir, cfg);
                BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Document doc = new Document();
            StringField host = new StringField("host", "", Field.Store.NO);
            StringField app = new StringField("app", "", Field.Store.NO);
            TextField message = new TextField("message", "", Field.Store.YES);
            LongPoint tsPoint = new LongPoint("timestamp", 0L);
            NumericDocValuesField tsValues = new NumericDocValuesField("timestamp", 0L);
            doc.add(host);
            doc.add(app);
            doc.add(message);
            doc.add(tsPoint);
            doc.add(tsValues);
            String cachedSecond = "";
            long cachedEpochSecond = 0;
            String line;
            while ((line = in.readLine()) != null) {
                // <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG (RFC 5424 section 6)
                int s1 = line.indexOf(' ');
                int s2 = line.indexOf(' ', s1 + 1);
                int s3 = line.indexOf(' ', s2 + 1);
                int s4 = line.indexOf(' ', s3 + 1);
                if (s1 < 0 || s2 < 0 || s3 < 0 || s4 < 0 || s2 - s1 < 21) {
                    skipped++;
                    continue;
                }
                String second = line.substring(s1 + 1, s1 + 20);
                if (!second.equals(cachedSecond)) {
                    cachedSecond = second;
                    cachedEpochSecond = LocalDateTime.parse(second).toEpochSecond(ZoneOffset.UTC);
                }
                long millis = cachedEpochSecond * 1000 + millisOf(line, s1 + 20, s2);
                host.setStringValue(line.substring(s2 + 1, s3));
                app.setStringValue(line.substring(s3 + 1, s4));
                message.setStringValue(line.substring(s4 + 1));
                tsPoint.setLongValue(millis);
                tsValues.setLongValue(millis);
                w.addDocument(doc);
                docs++;
            }
            w.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long indexBytes = sizeOf(indexDir);
        new ResultFile()
                .put("lucene.docs", docs)
                .put("lucene.skipped", skipped)
                .put("lucene.seconds", seconds)
                .put("lucene.docsPerSecond", docs / seconds)
                .put("lucene.indexBytes", indexBytes)
                .write(resultFile);
        System.err.printf(
                Locale.ROOT,
                "raw lucene: %d docs in %.1f s: %.0f docs/s, index %d bytes (%.1f bytes/doc)%n",
                docs,
                seconds,
                docs / seconds,
                indexBytes,
                (double) indexBytes / docs);
    }

    /** Milliseconds of ".mmm" (fraction digits beyond the third ignored) before the zone at {@code end}. */
    private static int millisOf(String line, int from, int end) {
        if (from >= end || line.charAt(from) != '.') {
            return 0;
        }
        int ms = 0;
        int digits = 0;
        for (int i = from + 1; i < end && digits < 3 && Character.isDigit(line.charAt(i)); i++, digits++) {
            ms = ms * 10 + (line.charAt(i) - '0');
        }
        for (; digits < 3; digits++) {
            ms *= 10;
        }
        return ms;
    }

    /** Apparent size of every file below {@code dir}. */
    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }
}

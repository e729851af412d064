package io.triad.search.query;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The opaque paging cursor: the sort values (timestamp, site, sequence) of the last hit of a page, as URL-safe
 * base64 without padding. Layout: timestamp (8 bytes), sequence (8 bytes), a byte 1 when a site follows, the site's
 * UTF-8 bytes.
 */
final class Cursor {
    private Cursor() {}

    static String encode(FieldDoc last) {
        long ts = (Long) last.fields[0];
        BytesRef site = (BytesRef) last.fields[1];
        long seq = (Long) last.fields[2];
        int siteLen = site == null ? 0 : site.length;
        ByteBuffer b = ByteBuffer.allocate(17 + siteLen);
        b.putLong(ts).putLong(seq).put((byte) (site == null ? 0 : 1));
        if (site != null) {
            b.put(site.bytes, site.offset, site.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The search-after position of a cursor; the doc id is the largest, so the hit itself is excluded. */
    static FieldDoc decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new QueryException(
                    "cursor must be the URL-safe base64 value of a previous result; got: " + cursor, 0, e);
        }
        if (bytes.length < 17 || bytes[16] > 1 || (bytes[16] == 0 && bytes.length != 17)) {
            throw new QueryException("cursor must be the value of a previous result; got: " + cursor, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long ts = b.getLong();
        long seq = b.getLong();
        @Nullable BytesRef site = bytes[16] == 1 ? new BytesRef(Arrays.copyOfRange(bytes, 17, bytes.length)) : null;
        return after(ts, site, seq);
    }

    static FieldDoc after(long ts, @Nullable BytesRef site, long seq) {
        return new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {ts, site, seq});
    }
}

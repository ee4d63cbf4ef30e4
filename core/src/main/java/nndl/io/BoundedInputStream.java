package nndl.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A stream that fails ({@link TooLong}) when more than a given number of bytes are read from
 * it: for files that may be endless (a pipe, a device) or that decompress to more than they
 * should.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws TooLong {
        count += n;
        if (count > limit) {
            throw new TooLong(limit);
        }
    }

    /** More bytes came than the limit. */
    public static final class TooLong extends IOException {
        public TooLong(long limit) {
            super(String.format(Locale.ROOT, "it goes on past %,d bytes", limit));
        }
    }
}

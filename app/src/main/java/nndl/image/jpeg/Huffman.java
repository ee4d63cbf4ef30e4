package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import java.util.Arrays;

/**
 * A canonical Huffman table (JPEG Annex C) with two lookup tables indexed by the next
 * {@link #FAST} bits of the data, for codes of up to FAST bits; 0 in either means a longer
 * code, found by {@link #slow}. In {@link #decode}, an entry packs the code's length (bits
 * 0–4), its symbol (bits 5–12) and, when the value bits after the code fit in the FAST bits
 * too, {@link #COMPLETE} with the value (bits 16–31) and the length of both. In {@link #skip},
 * an entry packs the length of the code and its value bits together, and the symbol.
 */
final class Huffman {
    static final int FAST = 12;
    static final int COMPLETE = 1 << 13;
    final int[] decode = new int[1 << FAST];
    final int[] skip = new int[1 << FAST];
    /** For each code length, the first code and where its symbols start in {@link #symbols}. */
    private final int[] firstCode = new int[17];
    private final int[] firstIndex = new int[17];
    private final int[] counts;
    private final byte[] symbols;

    private Huffman(int[] counts, byte[] symbols) {
        this.counts = counts;
        this.symbols = symbols;
    }

    static Huffman of(int[] counts, byte[] symbols, boolean dc) throws NotHandled {
        Huffman table = new Huffman(counts, symbols);
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++) {
            table.firstCode[length] = code;
            table.firstIndex[length] = index;
            for (int i = 0; i < counts[length]; i++, code++, index++) {
                int symbol = symbols[index] & 0xff;
                require(dc ? symbol <= 11 : (symbol & 15) <= 10);
                if (length <= FAST) {
                    table.fill(code, length, symbol);
                }
            }
            require(code <= 1 << length);
            code <<= 1;
        }
        return table;
    }

    private void fill(int code, int length, int symbol) {
        int size = symbol & 15;
        int free = FAST - length;
        for (int rest = 0; rest < 1 << free; rest++) {
            int entry = length | symbol << 5;
            if (length + size <= FAST) {
                int bits = rest >>> (free - size) & (1 << size) - 1;
                entry = (length + size) | symbol << 5 | COMPLETE | extend(bits, size) << 16;
            }
            decode[code << free | rest] = entry;
            skip[code << free | rest] = (length + size) | symbol << 5;
        }
    }

    /** The value of {@code size} bits after a code (JPEG's EXTEND, F.2.2.1: a leading 0 bit means negative). */
    static int extend(int bits, int size) {
        return size == 0 || bits >= 1 << (size - 1) ? bits : bits - (1 << size) + 1;
    }

    /**
     * The complete entry (length of code and value bits, symbol, value) for the code at the top
     * of {@code bits} (at least 27 of them), whose fast entry is not complete: a code longer than
     * FAST bits, or value bits that run past them.
     */
    int complete(int entry, long bits) throws NotHandled {
        if (entry == 0) {
            entry = slow(bits);
        }
        int length = entry & 31;
        int symbol = entry >>> 5 & 0xff;
        int size = symbol & 15;
        int value = size == 0 ? 0 : extend((int) (bits << length >>> (64 - size)), size);
        return (length + size) | symbol << 5 | COMPLETE | value << 16;
    }

    /** The code's length and symbol for a code longer than FAST bits at the top of {@code bits}; throws for a bad code. */
    int slow(long bits) throws NotHandled {
        for (int length = FAST + 1; length <= 16; length++) {
            int offset = (int) (bits >>> (64 - length)) - firstCode[length];
            if (offset >= 0 && offset < counts[length]) {
                return length | (symbols[firstIndex[length] + offset] & 0xff) << 5;
            }
        }
        throw NotHandled.instance();
    }
}

package nndl.image;

import nndl.UserException;

/**
 * What an image file's bytes say before a decoder reads them, where the JDK's decoders would
 * go ahead without asking: how many scans a JPEG has, whether a PNG is interlaced, whether a BMP
 * holds another image inside. Each is a walk over the file's structure, never its pixels.
 */
final class ImageHeaders {
    private ImageHeaders() {
    }

    /**
     * The number of scans (SOS markers) of a JPEG: its segments are walked from the start of image,
     * each skipped by its length, and a scan's entropy-coded data by looking for the next marker
     * (0xFF followed by anything but 0x00, a stuffed byte, or 0xD0–0xD7, a restart). ITU-T T.81,
     * B.1.1.
     */
    static int jpegScans(byte[] jpeg) {
        int scans = 0;
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xff) != 0xff) {
                return scans; // not a marker where one belongs: the decoder will say the file is damaged
            }
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xd9) {
                return scans; // end of image
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2; // markers without a length
                continue;
            }
            at += 2 + ((jpeg[at + 2] & 0xff) << 8 | (jpeg[at + 3] & 0xff));
            if (marker == 0xda) {
                scans++;
                at = nextMarker(jpeg, at);
            }
        }
        return scans;
    }

    /** Where the marker after a scan's entropy-coded data starting at {@code at} is (or the end of the file). */
    private static int nextMarker(byte[] jpeg, int at) {
        for (int i = at; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff) {
                int next = jpeg[i + 1] & 0xff;
                if (next != 0x00 && (next < 0xd0 || next > 0xd7)) {
                    return i;
                }
                i++;
            }
        }
        return jpeg.length;
    }

    /** Whether a PNG is interlaced (Adam7): the last byte of its IHDR chunk, which comes first. PNG spec, 11.2.2. */
    static boolean pngInterlaced(byte[] png) {
        // Signature (8), IHDR's length (4) and type (4), width (4), height (4), bit depth, colour type,
        // compression, filter, interlace.
        return png.length > 28 && png[28] == 1;
    }

    /**
     * Refuses a BMP that holds a JPEG or a PNG (BITMAPINFOHEADER compression 4 or 5, for printers):
     * the JDK's BMP reader hands it to another reader, past the size its own header declares.
     */
    static void checkBmp(byte[] bmp, String source) {
        // File header (14 bytes), then the info header: its size (4), width, height, planes, bit count, compression (4).
        if (bmp.length >= 34 && le32(bmp, 14) >= 40) {
            int compression = le32(bmp, 30);
            if (compression == 4 || compression == 5) {
                throw new UserException(source + " is a BMP holding a " + (compression == 4 ? "JPEG" : "PNG")
                        + " inside, which nndl does not read: give the " + (compression == 4 ? "JPEG" : "PNG") + " itself");
            }
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}

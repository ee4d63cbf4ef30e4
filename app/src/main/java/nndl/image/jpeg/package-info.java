/**
 * A big JPEG photo's grey levels read straight to averages at 1/2, 1/4 or 1/8 of its size, for
 * preparing a digit from a phone photo quickly ({@link nndl.image.jpeg.JpegLuma}, the one public
 * class). Reading goes: the headers ({@code JpegLuma}: frame, Huffman and quantization tables,
 * scans) → a scan's coded data without byte stuffing ({@code EntropyData}) → the codes, read by
 * the hot loop ({@code Bits}, with {@code Huffman}'s lookup tables) → each luma block's values
 * summed into its averages with weights from the inverse DCT ({@code ScanDecoder}, into
 * {@code Averages}), the second half of a big scan on a helper thread ({@code SecondHalf}).
 * Section and equation numbers refer to the JPEG standard, ITU-T T.81.
 */
package nndl.image.jpeg;

package nndl.image.jpeg;

/** One colour component of the frame: its id, sampling factors and tables. */
final class Component {
    final int id;
    final int h;
    final int v;
    final int quantizationTable;
    Huffman dc;
    Huffman ac;

    Component(int id, int h, int v, int quantizationTable) {
        this.id = id;
        this.h = h;
        this.v = v;
        this.quantizationTable = quantizationTable;
    }
}

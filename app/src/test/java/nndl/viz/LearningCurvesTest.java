package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class LearningCurvesTest {
    private static final int TRAINING = LearningCurves.TRAINING.getRGB() & 0xffffff;
    private static final int EVALUATION = LearningCurves.EVALUATION.getRGB() & 0xffffff;

    @TempDir
    Path dir;

    /**
     * Ten epochs in the book's overfitting shape: training accuracy climbing from 50% to 100%
     * and its cost falling; evaluation accuracy flat at 80%, its cost rising from 0.5 to 1.4.
     */
    private static List<EpochResult> overfitting(boolean withTraining) {
        List<EpochResult> epochs = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            Evaluation evaluation = new Evaluation(800, 1000, 0.5 + 0.1 * e);
            Evaluation training = withTraining ? new Evaluation(500 + 50 * e + (e == 9 ? 50 : 0), 1000, 1.0 - 0.1 * e) : null;
            epochs.add(new EpochResult(e, 1.0, 0.5, evaluation, null, training));
        }
        return epochs;
    }

    @Test
    void drawsBothPanelsWhenEverythingIsMonitored() {
        Path file = dir.resolve("all.png");
        PictureFile.write(file, new LearningCurves(overfitting(true), EnumSet.allOf(Monitor.class), "test", "a run"));
        BufferedImage image = Pixels.read(file);
        assertEquals(900, image.getWidth());
        assertEquals(760, image.getHeight());
        // Below the titles and legend (the top 100 rows), both curves are drawn.
        assertTrue(Pixels.count(image, TRAINING, 100, 760) > 500, "training curves");
        assertTrue(Pixels.count(image, EVALUATION, 100, 760) > 500, "evaluation curves");
        // The accuracy panel takes rows 85-445 and the cost panel rows 465-700 (with some room for
        // their layout to change: rows 100-430 and 475-700), both columns 100-880.
        int accTop = 100;
        int accBottom = 430;
        int costTop = 475;
        int costBottom = 700;
        // Training accuracy climbs: higher on the right (smaller row) than on the left.
        double accLeft = Pixels.meanRow(image, TRAINING, 100, 300, accTop, accBottom);
        double accRight = Pixels.meanRow(image, TRAINING, 680, 880, accTop, accBottom);
        assertTrue(accRight < accLeft - 100, "training accuracy rises: rows " + accLeft + " -> " + accRight);
        // Evaluation accuracy is flat: the same height on both sides.
        double flatLeft = Pixels.meanRow(image, EVALUATION, 100, 300, accTop, accBottom);
        double flatRight = Pixels.meanRow(image, EVALUATION, 680, 880, accTop, accBottom);
        assertEquals(flatLeft, flatRight, 8, "evaluation accuracy is flat");
        // In the cost panel, training cost falls and evaluation cost rises.
        double costLeft = Pixels.meanRow(image, TRAINING, 100, 300, costTop, costBottom);
        double costRight = Pixels.meanRow(image, TRAINING, 680, 880, costTop, costBottom);
        assertTrue(costRight > costLeft + 50, "training cost falls: rows " + costLeft + " -> " + costRight);
        double evalLeft = Pixels.meanRow(image, EVALUATION, 100, 300, costTop, costBottom);
        double evalRight = Pixels.meanRow(image, EVALUATION, 680, 880, costTop, costBottom);
        assertTrue(evalRight < evalLeft - 50, "evaluation cost rises: rows " + evalLeft + " -> " + evalRight);
    }

    @Test
    void drawsOnlyWhatWasMeasured() {
        Path file = dir.resolve("accuracy.png");
        Set<Monitor> none = EnumSet.noneOf(Monitor.class);
        PictureFile.write(file, new LearningCurves(overfitting(false), none, "validation", null));
        BufferedImage image = Pixels.read(file);
        assertEquals(900, image.getWidth());
        assertEquals(480, image.getHeight(), "no cost panel without a cost monitor");
        assertEquals(0, Pixels.count(image, TRAINING, 0, 480), "nothing of the training data, not even in the legend");
        assertTrue(Pixels.count(image, EVALUATION, 0, 480) > 500);
    }

    @Test
    void drawsTrainingCostWithoutTrainingAccuracy() {
        // --monitor training-cost: training runs measure the training data's accuracy too, but it was not asked for.
        Path file = dir.resolve("cost.png");
        PictureFile.write(file, new LearningCurves(overfitting(true), EnumSet.of(Monitor.TRAINING_COST), "test", null));
        BufferedImage image = Pixels.read(file);
        assertEquals(760, image.getHeight());
        assertEquals(0, Pixels.count(image, TRAINING, 100, 430), "no training accuracy");
        assertTrue(Pixels.count(image, EVALUATION, 100, 430) > 300, "evaluation accuracy");
        assertTrue(Pixels.count(image, TRAINING, 475, 700) > 300, "training cost");
        assertEquals(0, Pixels.count(image, EVALUATION, 475, 700), "no evaluation cost");
    }

    @Test
    void drawsTrainingAccuracyAloneWithoutACostPanel() {
        Path file = dir.resolve("accuracies.png");
        PictureFile.write(file, new LearningCurves(overfitting(true), EnumSet.of(Monitor.TRAINING_ACCURACY), "test", null));
        BufferedImage image = Pixels.read(file);
        assertEquals(480, image.getHeight());
        assertTrue(Pixels.count(image, TRAINING, 100, 480) > 500);
    }

    @Test
    void drawsASingleEpoch() throws Exception {
        Path file = dir.resolve("one.svg");
        PictureFile.write(file, new LearningCurves(overfitting(false).subList(0, 1), EnumSet.noneOf(Monitor.class), "test", null));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals(480.0, Double.parseDouble(svg.getAttribute("height")));
        Path png = dir.resolve("one.png");
        PictureFile.write(png, new LearningCurves(overfitting(false).subList(0, 1), EnumSet.noneOf(Monitor.class), "test", null));
        assertTrue(Pixels.count(Pixels.read(png), EVALUATION, 100, 480) > 20, "the one point is drawn");
    }
}

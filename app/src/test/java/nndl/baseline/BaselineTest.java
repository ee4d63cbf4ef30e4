package nndl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Evaluation;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaselineTest {
    static Mnist mnist;

    @BeforeAll
    static void load() {
        mnist = TestMnist.mnist();
    }

    @Test
    void averageDarknessGetsTheBooksScoreOnTheTestSet() {
        // mnist_average_darkness.py: "2225 of 10000 values correct".
        Evaluation e = AverageDarkness.train(mnist.training()).evaluate(mnist.test());
        assertEquals(2225, e.correct());
        assertEquals(10_000, e.total());
    }

    @Test
    void averageDarknessGuessesTheDigitWithTheClosestAverage() {
        // Three images by hand: digit 0 with darkness 10 and 20 (average 15), digit 1 with 100.
        byte[] pixels = new byte[3 * 4];
        pixels[0] = 10;
        pixels[4] = 20;
        pixels[8] = 100;
        AverageDarkness b = AverageDarkness.train(new Dataset(pixels, new byte[] {0, 0, 1}, 4));
        assertEquals(15.0, b.average(0));
        assertEquals(100.0, b.average(1));
        assertTrue(Double.isNaN(b.average(2)), "no training images of 2");
        assertEquals(0, b.guess(0));
        assertEquals(0, b.guess(57));
        assertEquals(1, b.guess(58));
        assertEquals(1, b.guess(1000));
    }

    @Test
    void randomGuessesAreRightAboutOneTimeInTen() {
        // Binomial(10000, 0.1): mean 1000, standard deviation 30; allow five of them either side.
        for (long seed = 1; seed <= 3; seed++) {
            int correct = new RandomGuess(seed).evaluate(mnist.test()).correct();
            assertTrue(Math.abs(correct - 1000) <= 150, "seed " + seed + ": " + correct + " right");
        }
        assertEquals(new RandomGuess(7).evaluate(mnist.test()), new RandomGuess(7).evaluate(mnist.test()),
                "the same seed gives the same guesses");
    }
}

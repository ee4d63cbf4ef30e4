package nndl.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.math.Kernels;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Settings;
import nndl.train.Sgd;
import nndl.train.TrainingListener;
import nndl.train.TrainingResult;

/**
 * One training run of the lab: the library's {@link Sgd} with the run's settings, on a thread of
 * its own, steered from the page (pause, resume, stop, a new η from the next mini-batch) and
 * measured as it goes.
 *
 * <p>Measuring must not slow the training: the training thread only copies the network now and
 * then (a few microseconds for [784, 30, 10]) and goes on; a second thread measures each copy on
 * {@value #SAMPLE} training and {@value #SAMPLE} validation images and hands the point to the page.
 * A point is taken every {@value #POINT_EVERY} images, no more often than every
 * {@value #MIN_POINT_MILLIS} ms (a fast network learns 50,000 images in a tenth of a second), and
 * at the end of every epoch, where the validation data is also measured whole (what {@code nndl
 * train} prints). The copies are also what the page's drawing pad reads with: the network as it
 * is now, give or take a few thousand images.
 */
final class LabJob {
    /** Images measured for each point, of the training and of the validation data. */
    static final int SAMPLE = 1000;
    static final int POINT_EVERY = 5000;
    static final long MIN_POINT_MILLIS = 250;

    enum State {
        RUNNING, PAUSED, FINISHED, STOPPED, FAILED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean live() {
            return this == RUNNING || this == PAUSED;
        }
    }

    /** Where the job reports: a point measured, a change of state, a new η. */
    interface Events {
        void point(LabJob job, Map<String, Object> point);

        void state(LabJob job);

        void eta(LabJob job, double eta);
    }

    /** A copy of the network at a moment of the run (nanoseconds since its start), measured on the second thread. */
    private record Snapshot(Network network, double epoch, long images, double eta, EpochResult end, long nanos) {
    }

    final int id;
    final Settings settings;
    final long started = System.nanoTime();
    private final Dataset training;
    private final Dataset validation;
    private final Dataset test;
    private final Dataset trainingSample;
    private final Dataset validationSample;
    private final Sgd sgd;
    private final Network network;
    private final Events events;
    private final BlockingQueue<Snapshot> toMeasure = new ArrayBlockingQueue<>(256);
    private final List<Map<String, Object>> points = new ArrayList<>();
    private volatile Network latest;
    private volatile State state = State.RUNNING;
    private volatile double etaOverride = Double.NaN;
    private volatile boolean stopAsked;
    private volatile String message = "";
    private volatile Double testAccuracy;
    private Thread trainer;
    private Thread measurer;

    LabJob(int id, Settings settings, Mnist mnist, int threads, Events events) {
        this.id = id;
        this.settings = settings;
        this.training = settings.trainingData(mnist.training());
        this.validation = settings.evaluationData(mnist);
        this.test = mnist.test();
        this.trainingSample = training.first(Math.min(SAMPLE, training.size()));
        this.validationSample = validation.first(Math.min(SAMPLE, validation.size()));
        this.sgd = settings.sgd().threads(threads);
        this.network = settings.network();
        this.latest = network.copy();
        this.events = events;
    }

    /** Starts training and measuring, each on a thread of its own. */
    void start() {
        measurer = new Thread(this::measure, "nndl-lab-measure-" + id);
        measurer.setDaemon(true);
        trainer = new Thread(this::train, "nndl-lab-train-" + id);
        trainer.setDaemon(true);
        measurer.start();
        toMeasure.add(new Snapshot(latest, 0, 0, settings.eta(), null, System.nanoTime() - started)); // where it starts from
        trainer.start();
    }

    State state() {
        return state;
    }

    String message() {
        return message;
    }

    /** The network as it is now (a copy taken at the last point), for the drawing pad. */
    Network network() {
        return latest;
    }

    /** The learning rate in force: the run's own, or the one the page set. */
    double eta() {
        return Double.isNaN(etaOverride) ? settings.eta() : etaOverride;
    }

    /** The points measured so far, in order. */
    List<Map<String, Object>> points() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    /** Test accuracy of the final network: measured once, when the run ends, and never used to steer it. */
    Double testAccuracy() {
        return testAccuracy;
    }

    synchronized void pause() {
        require(State.RUNNING, "pause");
        state = State.PAUSED;
        events.state(this);
    }

    synchronized void resume() {
        require(State.PAUSED, "resume");
        state = State.RUNNING;
        notifyAll();
        events.state(this);
    }

    /** Asks the run to stop after the mini-batch in progress; it keeps the network as it is then. */
    synchronized void stop() {
        if (!state.live()) {
            throw new HttpError(409, "run " + id + " has ended (" + state.id() + "): there is nothing to stop");
        }
        stopAsked = true;
        notifyAll();
    }

    /** A new learning rate from the next mini-batch on (the run's schedule, if any, no longer applies). */
    void setEta(double eta) {
        synchronized (this) {
            if (!state.live()) {
                throw new HttpError(409, "run " + id + " has ended (" + state.id() + "): start a new one to use another eta");
            }
            etaOverride = eta;
        }
        events.eta(this, eta);
    }

    /** Waits until both threads have ended (for tests and for closing the server). */
    void join(long millis) throws InterruptedException {
        trainer.join(millis);
        measurer.join(millis);
    }

    private void require(State expected, String what) {
        if (state != expected) {
            throw new HttpError(409, "cannot " + what + " run " + id + ": it is " + state.id());
        }
    }

    private void train() {
        State end;
        try {
            TrainingResult result = sgd.train(network, training, validation, new Steering());
            end = State.FINISHED;
            message = result.stopReason();
        } catch (CancellationException e) {
            end = State.STOPPED;
            message = "stopped from the page";
        } catch (UserException e) {
            end = State.FAILED;
            message = e.getMessage();
        } catch (RuntimeException | Error e) {
            end = State.FAILED;
            message = "internal error: " + e;
            System.err.println("nndl serve: lab run " + id + " failed:");
            e.printStackTrace();
        }
        latest = network.copy();
        if (end != State.FAILED) {
            try (Kernels k = Kernels.create(1)) {
                testAccuracy = network.evaluate(test, k).accuracy();
            }
        }
        toMeasure.add(new Snapshot(null, 0, 0, 0, null, 0)); // the end of the points
        try {
            measurer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            state = end;
            notifyAll();
        }
        events.state(this);
    }

    /** The run's listener, on the training thread: takes the copies, holds the run while paused, stops it when asked. */
    private final class Steering implements TrainingListener {
        private long images;
        private long sincePoint;
        /** When the last point was taken (the first after POINT_EVERY images, however soon). */
        private long lastPoint = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_POINT_MILLIS);
        /** The learning rate of the last mini-batch. */
        private double used = settings.eta();

        @Override
        public double eta(int epoch, double eta) {
            double set = etaOverride;
            used = Double.isNaN(set) ? eta : set;
            return used;
        }

        @Override
        public void batchDone(int epoch, int done, int total) {
            long m = Math.min(settings.miniBatchSize(), training.size());
            long inEpoch = done == total ? training.size() - (long) (total - 1) * m : m;
            images += inEpoch;
            sincePoint += inEpoch;
            long now = System.nanoTime();
            if (done < total && sincePoint >= POINT_EVERY && now - lastPoint >= TimeUnit.MILLISECONDS.toNanos(MIN_POINT_MILLIS)
                    && toMeasure.isEmpty()) {
                sincePoint = 0;
                lastPoint = now;
                snapshot(new Snapshot(network.copy(), epoch + (double) done / total, images, used, null, now - started));
            }
            if (state == State.PAUSED || stopAsked) {
                waitWhilePaused();
            }
        }

        @Override
        public void epochDone(EpochResult result) {
            sincePoint = 0;
            lastPoint = System.nanoTime();
            Snapshot s = new Snapshot(network.copy(), result.epoch() + 1, images, result.eta(), result, lastPoint - started);
            latest = s.network();
            try {
                toMeasure.put(s); // every epoch's point is measured, whatever the queue holds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }

        private void snapshot(Snapshot s) {
            latest = s.network();
            toMeasure.offer(s);
        }

        private void waitWhilePaused() {
            synchronized (LabJob.this) {
                while (state == State.PAUSED && !stopAsked) {
                    try {
                        LabJob.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted");
                    }
                }
            }
            if (stopAsked) {
                throw new CancellationException("stopped from the page");
            }
        }
    }

    /** The second thread: measures each copy and reports the point, until the end of the points. */
    private void measure() {
        int n = training.size();
        try (Kernels k = Kernels.create(1)) {
            while (true) {
                Snapshot s = toMeasure.take();
                if (s.network() == null) {
                    return;
                }
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("run", id);
                point.put("epoch", s.epoch());
                point.put("images", s.images());
                point.put("eta", s.eta());
                point.put("seconds", s.nanos() / 1e9);
                point.put("training", measured(sgd.evaluate(s.network(), trainingSample, n, k)));
                point.put("validation", measured(sgd.evaluate(s.network(), validationSample, n, k)));
                if (s.end() != null) {
                    point.put("end", true);
                    point.put("validation_all", measured(s.end().evaluation()));
                    point.put("train_seconds", s.end().trainSeconds());
                }
                synchronized (points) {
                    points.add(point);
                }
                events.point(this, point);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> measured(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", e.accuracy());
        m.put("cost", e.cost());
        m.put("correct", e.correct());
        m.put("total", e.total());
        return m;
    }
}

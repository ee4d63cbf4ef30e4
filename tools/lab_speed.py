#!/usr/bin/env python3
"""The lab's speed against ./nndl train, from the outside, as a user meets them.

Runs the same training (a preset, evaluated on the validation data, seed 1) alternately with
`./nndl train --metrics-out` and in the lab of a fresh `./nndl serve` (POST /api/lab/start,
following /api/lab/events), each in a JVM of its own, and reports:

- the seconds per epoch of training (evaluation excluded, the train_seconds both record), the
  median over the epochs after the first two (JIT warm-up), for each, and their ratio;
- the time from Start (the POST) to the first point the page receives, and to the first point
  measured after training began, for the first run after serve starts and for a second run;
- that the two runs are the same run: the validation accuracy of every epoch is equal.

Usage: python3 tools/lab_speed.py [--preset ch1] [--epochs 10] [--rounds 3] [--port 18411]
Standard library only. Run from the repository's root (it calls ./nndl).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def train_run(preset, epochs):
    with tempfile.TemporaryDirectory() as d:
        metrics = os.path.join(d, "m.jsonl")
        subprocess.run(["./nndl", "train", "--preset", preset, "--eval", "validation", "--epochs", str(epochs),
                        "--metrics-out", metrics], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = [json.loads(line) for line in open(metrics)]
    return {"train_seconds": [r["train_seconds"] for r in rows], "correct": [r["evaluation_correct"] for r in rows]}


def lab_run(preset, epochs, port):
    server = subprocess.Popen(["./nndl", "serve", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if "serving" in line:
                break
        base = "http://127.0.0.1:%d" % port
        events = []
        opened = threading.Event()

        def follow():
            with urllib.request.urlopen(base + "/api/lab/events", timeout=600) as stream:
                opened.set()
                name = None
                for raw in stream:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        events.append((time.monotonic(), name, json.loads(line[6:])))
                        if name == "state" and events[-1][2]["state"] in ("finished", "stopped", "failed"):
                            return

        def one_run(run_epochs):
            del events[:]
            opened.clear()
            reader = threading.Thread(target=follow, daemon=True)
            reader.start()
            opened.wait(60)
            body = json.dumps({"preset": preset, "epochs": run_epochs}).encode()
            start = time.monotonic()
            urllib.request.urlopen(urllib.request.Request(base + "/api/lab/start", data=body,
                                                          headers={"Content-Type": "application/json"}), timeout=60).read()
            reader.join(600)
            points = [(t, d) for t, n, d in events if n == "point"]
            first = points[0][0] - start
            learned = next((t, d) for t, d in points if d["images"] > 0)
            return points, first, learned[0] - start, learned[1]["images"]

        points, first, learned, images = one_run(epochs)
        ends = [d for t, d in points if d.get("end")]
        _, again, again_learned, _ = one_run(1)
        return {"train_seconds": [d["train_seconds"] for d in ends],
                "correct": [d["validation_all"]["correct"] for d in ends],
                "first_point": first, "first_learned_point": learned, "first_learned_images": images,
                "second_first_point": again, "second_first_learned_point": again_learned}
    finally:
        server.terminate()
        server.wait(30)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--preset", default="ch1")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--port", type=int, default=18411)
    a = p.parse_args()
    train_medians, lab_medians, firsts, learned, seconds = [], [], [], [], []
    for r in range(a.rounds):
        order = ["train", "lab"] if r % 2 == 0 else ["lab", "train"]
        results = {}
        for which in order:
            results[which] = train_run(a.preset, a.epochs) if which == "train" else lab_run(a.preset, a.epochs, a.port)
        t, l = results["train"], results["lab"]
        same = t["correct"] == l["correct"]
        tm = statistics.median(t["train_seconds"][2:])
        lm = statistics.median(l["train_seconds"][2:])
        train_medians.append(tm)
        lab_medians.append(lm)
        firsts.append(l["first_point"])
        learned.append(l["first_learned_point"])
        seconds.append(l["second_first_learned_point"])
        print("round %d (%s first): train %.4f s/epoch, lab %.4f s/epoch, lab/train %.3f; first point %.3f s,"
              " first after learning began %.3f s (%d images); a second run: %.3f s and %.3f s; same run: %s; load %.1f"
              % (r + 1, order[0], tm, lm, lm / tm, l["first_point"], l["first_learned_point"],
                 l["first_learned_images"], l["second_first_point"], l["second_first_learned_point"], same,
                 os.getloadavg()[0]), flush=True)
        if not same:
            print("  validation correct per epoch differ: train %s, lab %s" % (t["correct"], l["correct"]))
    print("medians over %d rounds: train %.4f, lab %.4f s/epoch, lab/train %.3f (rounds: %s);"
          " Start to first point %.3f s, to first learned point %.3f s (a second run: %.3f s)"
          % (a.rounds, statistics.median(train_medians), statistics.median(lab_medians),
             statistics.median(lab_medians) / statistics.median(train_medians),
             ", ".join("%.3f" % (l / t) for l, t in zip(lab_medians, train_medians)),
             statistics.median(firsts), statistics.median(learned), statistics.median(seconds)))


if __name__ == "__main__":
    sys.exit(main())

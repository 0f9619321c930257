#!/usr/bin/env python3
"""Pools the paired rounds of every proxy benchmark run of one build.

usage: pooled.py <rounds file> <build>
The rounds file has one line per paired round: build, time, then StranglerProxy / minimal YARP ratios of
req/s, p99 and CPU per request. A single run of 7 rounds reads a few percent above or below the pooled
figure, depending on what else the machine runs; the pooled median of all runs of a build, with a
bootstrap interval, says how far the build's true ratio can be from it.
"""
import random
import statistics
import sys


def interval(values, rng, resamples=5000):
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(resamples))
    return medians[int(resamples * 0.025)], medians[int(resamples * 0.975) - 1]


def main(path, build):
    rounds = []
    runs = set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) == 5 and fields[0] == build:
                runs.add(fields[1])
                rounds.append(tuple(float(f) for f in fields[2:]))
    if not rounds:
        print(f"no rounds of build {build} in {path}")
        return
    rng = random.Random(1)  # the same rounds always print the same interval
    parts = []
    for column, name in enumerate(["req/s", "p99", "CPU per request"]):
        values = [r[column] for r in rounds]
        low, high = interval(values, rng)
        parts.append(f"{name} {statistics.median(values):.2f}x (95 % interval {low:.2f} to {high:.2f})")
    print(f"StranglerProxy / minimal YARP pooled over {len(rounds)} paired rounds of {len(runs)} run(s) of build {build}: " + ", ".join(parts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

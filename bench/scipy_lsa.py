"""Reference: scipy.optimize.linear_sum_assignment on the slot-expanded score matrix (maximise).

Reads the binary instance written by bench/matching-instances.ts (complete instances only: every mentee has an
arc to every mentor), expands each mentor into `capacity` identical columns and prints {"total", "ms"}; ms
covers the solver call only, not reading or building the matrix.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main() -> None:
    data = np.fromfile(sys.argv[1], dtype="<i4")
    n, m, arcs = int(data[0]), int(data[1]), int(data[2])
    p = 3
    capacity = data[p : p + m]
    p += m + n + 1
    mentor = data[p : p + arcs]
    p += arcs
    score = data[p : p + arcs]
    if arcs != n * m:
        raise SystemExit("scipy_lsa.py: only complete (dense) instances are supported")
    matrix = score.reshape(n, m).astype(np.float64)
    del mentor
    slots = np.repeat(np.arange(m), capacity)
    expanded = np.ascontiguousarray(matrix[:, slots])
    del matrix
    started = time.perf_counter()
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    ms = (time.perf_counter() - started) * 1000
    total = int(expanded[rows, cols].sum())
    print(json.dumps({"total": total, "matched": int(len(rows)), "ms": ms}))


if __name__ == "__main__":
    main()

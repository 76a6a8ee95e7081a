#!/usr/bin/env python3
"""Writes shd_sample.h5, a tiny file laid out like the Heidelberg SHD/SSC datasets (ragged /spikes/times in float16
seconds and /spikes/units in uint16, as tonic's test fixture writes them; /labels; /extra/speaker), and
shd_sample_1.csv, sample 1's spikes as reef's event CSV (t in µs with three decimals, computed by numpy from the
float16 times), which the tests compare the HDF5 reader against. Run: /usr/bin/python3 make_shd_sample.py (needs python3-h5py)."""
import pathlib

import h5py
import numpy as np

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(4)
samples = []
for count in (5, 40, 0):
    times = np.sort(rng.uniform(0.0, 1.4, count)).astype(np.float16)
    units = rng.integers(0, 700, count).astype(np.uint16)
    samples.append((times, units))

with h5py.File(here / "shd_sample.h5", "w") as f:
    times = f.create_dataset("spikes/times", (len(samples),), dtype=h5py.vlen_dtype(np.float16))
    units = f.create_dataset("spikes/units", (len(samples),), dtype=h5py.vlen_dtype(np.uint16))
    for i, (t, u) in enumerate(samples):
        times[i] = t
        units[i] = u
    f.create_dataset("labels", data=np.array([3, 17, 0], dtype=np.uint8))
    f.create_dataset("extra/speaker", data=np.array([1, 2, 1], dtype=np.uint8))

t, u = samples[1]
ns = np.round(t.astype(np.float64) * 1e9).astype(np.int64)
with open(here / "shd_sample_1.csv", "w") as out:
    out.write("t,x,y,p\n")
    for n, unit in zip(ns, u):
        out.write(f"{n // 1000}.{n % 1000:03d},{unit},0,1\n")

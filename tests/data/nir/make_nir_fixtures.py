#!/usr/bin/env python3
"""Writes the small NIR fixtures the reader tests use, with h5py only (no `nir` package needed):

  gzip_int64_nested.nir  gzip-compressed datasets, int64 neuron parameters, scalar parameters broadcast to N,
                         Conv padding "same", a nested NIRGraph `rec` (Input -> CubaLIF <-> Linear -> Output)
                         with no w_in and no v_reset
  batched.nir            a model that includes a batch dimension of 1 (Input (1, 3), LIF (1, 2), Output (1, 2))

Usage: make_nir_fixtures.py OUTPUT_DIR
"""
import os
import sys

import h5py
import numpy as np

TEXT = h5py.string_dtype("utf-8")


def node(group, name, type_, **params):
    g = group.create_group(name)
    g.create_dataset("type", data=type_, dtype=TEXT)
    for key, value in params.items():
        if isinstance(value, str):
            g.create_dataset(key, data=value, dtype=TEXT)
        elif isinstance(value, np.ndarray) and value.size > 1:
            g.create_dataset(key, data=value, compression="gzip")
        else:
            g.create_dataset(key, data=value)
    return g


def graph(group, name, edges):
    g = group.create_group(name) if name else group
    g.create_dataset("type", data="NIRGraph", dtype=TEXT)
    nodes = g.create_group("nodes")
    g.create_dataset("edges", data=np.array(edges, dtype=object), dtype=TEXT)
    return nodes


def gzip_int64_nested(path):
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=TEXT)
        root = f.create_group("node")
        nodes = graph(root, None, [["input", "conv"], ["conv", "flat"], ["flat", "fc"], ["fc", "rec"],
                                   ["rec", "out"]])
        node(nodes, "input", "Input", shape=np.array([1, 4, 4], dtype=np.int64))
        node(nodes, "conv", "Conv2d", weight=np.arange(18, dtype=np.float32).reshape(2, 1, 3, 3) / 10,
             bias=np.array([0.5, -0.5], dtype=np.float32), stride=1, padding="same", dilation=1, groups=1,
             input_shape=np.array([4, 4], dtype=np.int64))
        node(nodes, "flat", "Flatten", start_dim=0, end_dim=-1, input_type=np.array([2, 4, 4], dtype=np.int64))
        node(nodes, "fc", "Linear", weight=np.ones((3, 32), dtype=np.float64))
        sub = graph(nodes, "rec", [["input", "lif"], ["lif", "w"], ["w", "lif"], ["lif", "output"]])
        node(sub, "input", "Input", shape=np.array([3], dtype=np.int64))
        node(sub, "lif", "CubaLIF", tau_syn=np.array([2, 3, 4], dtype=np.int64),
             tau_mem=np.array([10, 10, 20], dtype=np.int64), r=np.int64(1), v_leak=np.zeros(3, dtype=np.int64),
             v_threshold=np.float32(1.5))
        node(sub, "w", "Linear", weight=np.eye(3, dtype=np.float32) * 0.5)
        node(sub, "output", "Output", shape=np.array([3], dtype=np.int64))
        node(nodes, "out", "Output", shape=np.array([3], dtype=np.int64))


def batched(path):
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="0.2.0", dtype=TEXT)
        root = f.create_group("node")
        nodes = graph(root, None, [["input", "fc"], ["fc", "lif"], ["lif", "output"]])
        node(nodes, "input", "Input", shape=np.array([1, 3], dtype=np.int64))
        node(nodes, "fc", "Linear", weight=np.ones((2, 3), dtype=np.float32))
        node(nodes, "lif", "LIF", tau=np.full((1, 2), 0.01), r=np.ones((1, 2)), v_leak=np.zeros((1, 2)),
             v_threshold=np.ones((1, 2)))
        node(nodes, "output", "Output", shape=np.array([1, 2], dtype=np.int64))


if __name__ == "__main__":
    out = sys.argv[1]
    gzip_int64_nested(os.path.join(out, "gzip_int64_nested.nir"))
    batched(os.path.join(out, "batched.nir"))

#!/usr/bin/env python3
"""Writes the golden data of the step engine's Sinabs regression test on the NIR paper's CNN (cnn_sinabs.nir):
cnn_sinabs_input_bits.npy, 20 frames [T, 2, 34, 34] of Bernoulli(0.15) 0/1 events from seed 20, bit-packed with
np.packbits (C order); cnn_sinabs_layer_spikes.npy, [T, 5] int64 spikes per step of each IF node in graph order
(1, 3, 6, 10, 12); cnn_sinabs_output_spikes.npy, [T, 10] int64 spikes of the last IF node (12); and
cnn_sinabs_hidden_totals.npy, [256] int64 spikes of IF node 10 summed over time.
Independent of reef: reads the weights from the .nir file with h5py and runs Sinabs' IAFSqueeze semantics as
sinabs.nir.from_nir sets them up (v <- v + x; n = floor(v / thr) spikes when v >= thr; v <- v - n thr;
v <- max(v, -thr)) with PyTorch's Conv2d (cross-correlation, zero padding), SumPool2d, Flatten and Linear in numpy
float64. It checks that no membrane value comes within 1e-9 of a spike boundary, so any summation order in double
gives the same spikes. Run: /usr/bin/python3 make_cnn_sinabs_expected.py [path/to/cnn_sinabs.nir]."""
import pathlib
import sys

import h5py
import numpy as np

here = pathlib.Path(__file__).parent
default_model = here / "../../../../shared/data/nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir"
model = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default_model
steps, density, seed = 20, 0.15, 20


def conv2d(x, w, b, stride, padding, dilation):
    c_out, c_in, kh, kw = w.shape
    _, h, wd = x.shape
    xp = np.zeros((c_in, h + 2 * padding[0], wd + 2 * padding[1]))
    xp[:, padding[0]:padding[0] + h, padding[1]:padding[1] + wd] = x
    oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    y = np.zeros((c_out, oh, ow))
    for ky in range(kh):
        for kx in range(kw):
            y0, x0 = ky * dilation[0], kx * dilation[1]
            patch = xp[:, y0:y0 + stride[0] * (oh - 1) + 1:stride[0], x0:x0 + stride[1] * (ow - 1) + 1:stride[1]]
            y += np.einsum("oc,chw->ohw", w[:, :, ky, kx], patch)
    return y + b[:, None, None]


def sum_pool(x, kernel, stride):
    c, h, w = x.shape
    oh, ow = (h - kernel[0]) // stride[0] + 1, (w - kernel[1]) // stride[1] + 1
    y = np.zeros((c, oh, ow))
    for ky in range(kernel[0]):
        for kx in range(kernel[1]):
            y += x[:, ky:ky + stride[0] * (oh - 1) + 1:stride[0], kx:kx + stride[1] * (ow - 1) + 1:stride[1]]
    return y


with h5py.File(model, "r") as f:
    nodes = f["node/nodes"]
    edges = {a.decode(): b.decode() for a, b in f["node/edges"][()]}
    params = {name: {k: nodes[name][k][()] for k in nodes[name]} for name in nodes}

order, name = [], "input"
while name != "output":  # the CNN is a chain
    name = edges[name]
    order.append(name)
order.pop()

rng = np.random.default_rng(seed)
frames = (rng.random((steps, 2, 34, 34)) < density).astype(np.uint8)
state = {n: np.zeros(params[n]["v_threshold"].shape) for n in order if params[n]["type"] == b"IF"}
if_nodes = [n for n in order if params[n]["type"] == b"IF"]
layer_spikes = np.zeros((steps, len(if_nodes)), dtype=np.int64)
output_spikes = np.zeros((steps, 10), dtype=np.int64)
hidden_totals = np.zeros(256, dtype=np.int64)
closest = np.inf
clipped = multi = 0  # how often min_v_mem and the multi-spike rule act: the test must exercise both
for t in range(steps):
    x = frames[t].astype(np.float64)
    for n in order:
        p = params[n]
        kind = p["type"].decode()
        if kind == "Conv2d":
            x = conv2d(x, p["weight"].astype(np.float64), p["bias"].astype(np.float64), p["stride"], p["padding"],
                       p["dilation"])
        elif kind == "SumPool2d":
            assert not p["padding"].any()
            x = sum_pool(x, p["kernel_size"], p["stride"])
        elif kind == "Flatten":
            x = x.reshape(-1)
        elif kind == "Affine":
            x = p["weight"].astype(np.float64) @ x + p["bias"].astype(np.float64)
        elif kind == "IF":
            assert (p["r"] == 1).all()
            thr = p["v_threshold"].astype(np.float64)
            v = state[n] + x
            above = v >= thr
            near = v >= 0.5 * thr  # where floor(v / thr) could change with rounding
            if near.any():
                closest = min(closest, np.abs(v / thr - np.round(v / thr))[near].min())
            spikes = np.where(above, np.floor(v / thr), 0.0)
            clipped += int((v - spikes * thr < -thr).sum())
            multi += int((spikes > 1).sum())
            state[n] = np.maximum(v - spikes * thr, -thr)
            x = spikes
            layer_spikes[t, if_nodes.index(n)] = int(spikes.sum())
            if n == if_nodes[-1]:
                output_spikes[t] = spikes.astype(np.int64)
            if n == if_nodes[-2]:
                hidden_totals += spikes.astype(np.int64)
        else:
            raise SystemExit(f"unexpected node {n} of type {kind}")

assert closest > 1e-9, f"a membrane value is {closest} from a spike boundary: choose another seed"
assert (layer_spikes.sum(axis=0) > 0).all(), f"a layer stays silent: {layer_spikes.sum(axis=0)}"
assert clipped > 0 and multi > 0, f"clipped {clipped}, multi-spikes {multi}: choose another density"
np.save(here / "cnn_sinabs_input_bits.npy", np.packbits(frames.reshape(-1)))
np.save(here / "cnn_sinabs_layer_spikes.npy", layer_spikes)
np.save(here / "cnn_sinabs_output_spikes.npy", output_spikes)
np.save(here / "cnn_sinabs_hidden_totals.npy", hidden_totals)
print("IF nodes", if_nodes, "spikes per layer", layer_spikes.sum(axis=0).tolist(), "closest to a boundary", closest,
      "clipped", clipped, "multi-spikes", multi)

#!/usr/bin/env python3
"""Writes small_image.pb: the chip configuration of the small hand-built image in tests/hw/test_chip_image_codec.cpp,
built independently with Python's protobuf from proto/chip_config.proto, and prints its SHA-256.

The C++ test checks that reef's encoder produces exactly these bytes (and this hash), so the encoding is fixed by
the schema, not by whatever the C++ code happens to emit. Needs protoc and python3-protobuf (scripts/install-deps).
Run from anywhere with Debian's Python: /usr/bin/python3 tests/data/chip/make_chip_golden.py
"""
import hashlib
import importlib
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
PROTO_DIR = HERE.parents[2] / "proto"


def load_schema(workdir):
    subprocess.run(["protoc", f"--python_out={workdir}", "-I", str(PROTO_DIR), str(PROTO_DIR / "chip_config.proto")],
                   check=True)
    sys.path.insert(0, str(workdir))
    return importlib.import_module("chip_config_pb2")


def int8_bytes(values):
    return bytes(v & 0xFF for v in values)


def build(pb):
    m = pb.ChipConfig()
    m.schema_version = 1
    m.chip = "xylo-audio2"
    m.part = "SYNS61201"
    m.revision = 1
    m.sizes.inputs, m.sizes.hidden, m.sizes.outputs, m.sizes.synapses = 2, 3, 2, 2
    # weights_in[input][hidden] per synapse plane.
    m.input.syn1 = int8_bytes([10, 0, -128, 1, 0, 3])
    m.input.syn2 = int8_bytes([-5, 127, 0, 2, 0, -4])
    # Recurrent fan-out per source: 0 → 1 (20, 0); 1 → 2 (0, −7); 2 → 0 (5, 6).
    for targets, syn1, syn2 in [([1], [20], [0]), ([2], [0], [-7]), ([0], [5], [6])]:
        fan_out = m.recurrent.sources.add()
        fan_out.targets.extend(targets)
        fan_out.syn1 = int8_bytes(syn1)
        fan_out.syn2 = int8_bytes(syn2)
    m.readout.weights = int8_bytes([0, 50, -60, 0, 1, 2])
    m.weight_shift.input, m.weight_shift.recurrent, m.weight_shift.output = 1, 0, 2
    for dash_mem, dash_syn, dash_syn2, threshold, bias, alias in [(3, 2, 4, 100, -3, None), (4, 1, 5, 2000, 0, 2),
                                                                   (15, 15, 1, 32767, 127, None)]:
        h = m.hidden_neurons.add()
        h.dash_mem, h.dash_syn, h.dash_syn2, h.threshold, h.bias = dash_mem, dash_syn, dash_syn2, threshold, bias
        if alias is not None:
            h.alias_target = alias
    for dash_mem, dash_syn, threshold, bias in [(2, 1, 8192, 0), (1, 3, 50, -128)]:
        o = m.output_neurons.add()
        o.dash_mem, o.dash_syn, o.threshold, o.bias = dash_mem, dash_syn, threshold, bias
    m.globals.bias_enable, m.globals.synapse2_enable, m.globals.dt_s = True, True, 1e-3
    for node, kind, first, count in [("input", pb.GROUP_KIND_INPUT, 0, 2), ("lif1", pb.GROUP_KIND_HIDDEN, 0, 3),
                                     ("lif2", pb.GROUP_KIND_OUTPUT, 0, 2)]:
        g = m.groups.add()
        g.node, g.kind, g.first, g.count = node, kind, first, count
    p = m.provenance
    p.source_model, p.source_hash, p.reef_version, p.quantization = "tiny.nir", "0123456789abcdef", "0.1.0", "global"
    p.weight_bits, p.threshold_bits = 8, 16
    # reef writes every sub-message, even one whose fields are all zero.
    for sub in (m.sizes, m.input, m.recurrent, m.readout, m.weight_shift, m.globals, m.provenance):
        sub.SetInParent()
    return m


def main():
    with tempfile.TemporaryDirectory() as workdir:
        pb = load_schema(workdir)
        data = build(pb).SerializeToString(deterministic=True)
    (HERE / "small_image.pb").write_bytes(data)
    print(f"small_image.pb: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()

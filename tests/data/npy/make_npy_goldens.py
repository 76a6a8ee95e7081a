#!/usr/bin/env python3
# Writes the golden .npy files that tests/io/test_npy_reader.cpp reads, with numpy itself, so reef's reader is
# checked against the reference writer. Run from anywhere: python3 tests/data/npy/make_npy_goldens.py
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array, version=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=True)
    loaded = np.load(path, allow_pickle=True)
    assert loaded.dtype == array.dtype and loaded.shape == array.shape


def save_raw(name, header, data):
    """A file numpy does not write any more but still reads (Python 2 era 'L' integer suffixes)."""
    text = header.encode("latin1")
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text + data)
    np.load(path)


def main():
    grid = np.arange(6, dtype="<f8").reshape(2, 3) * 0.5 - 1.0
    save("f8_c_2x3.npy", grid)
    save("f8_fortran_2x3.npy", np.asfortranarray(grid))
    cube = (np.arange(24).reshape(2, 3, 4) - 12).astype(">i4")
    save("i4_big_fortran_2x3x4.npy", np.asfortranarray(cube))
    save("i8_c_4.npy", np.array([-5, 0, 7, 2**53], dtype="<i8"))

    integers = {
        "i1": [-128, -1, 0, 1, 127],
        "i2": [-32768, -1, 0, 1, 32767],
        "i4": [-2**31, -1, 0, 1, 2**31 - 1],
        "i8": [-2**63, -1, 0, 1, 2**53],
        "u1": [0, 1, 2, 200, 255],
        "u2": [0, 1, 2, 200, 65535],
        "u4": [0, 1, 2, 200, 2**32 - 1],
        "u8": [0, 1, 2, 200, 2**63],
    }
    for code, values in integers.items():
        for order, mark in (("little", "<"), ("big", ">")):
            if code in ("i1", "u1") and order == "big":
                continue
            save(f"dtype_{code}_{order}.npy", np.array(values, dtype=mark + code))
    floats = {
        "f2": [0.5, -2.0, 65504.0, 2.0**-24, np.inf, np.nan],
        "f4": [0.1, -1e30, 2.0**-149, -np.inf, 0.0, np.nan],
        "f8": [0.1, -1e300, 5e-324, np.inf, -0.0, np.nan],
    }
    for code, values in floats.items():
        for order, mark in (("little", "<"), ("big", ">")):
            save(f"dtype_{code}_{order}.npy", np.array(values, dtype=mark + code))
    save("dtype_b1.npy", np.array([True, False, True]))

    save("zero_d_f8.npy", np.array(3.25))
    save("empty_0x3_f8.npy", np.zeros((0, 3)))
    save("version2_f8.npy", np.array([1.5, 2.5]), version=(2, 0))
    save("version3_f8.npy", np.array([1.5, 2.5]), version=(3, 0))
    save_raw("python2_long_shape_i8.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 1L), }",
             np.array([4, -4], dtype="<i8").tobytes())

    save("unsupported_c16.npy", np.array([1 + 2j]))
    save("unsupported_unicode.npy", np.array(["ab"]))
    save("unsupported_structured.npy", np.zeros(2, dtype=[("t", "<f8"), ("channel", "<i4")]))
    save("unsupported_object.npy", np.array([None, 1], dtype=object))
    save("unsupported_datetime.npy", np.array(["2024-01-01"], dtype="datetime64[ns]"))

    save("spikes_f8.npy", np.array([[0.3, 1], [0.1, 0], [0.2, 1], [0.1, 1]], dtype="<f8"))
    save("spikes_i2_fortran.npy", np.asfortranarray(np.array([[3, 2], [1, 0]], dtype="<i2")))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loads NIR files written by reef with the reference `nir` package and prints one line per file.

Usage: check_with_reference_nir.py FILE.nir...   (the `nir` package must be importable, e.g. via PYTHONPATH)
Exit status 0 when every file loads with nir.read() (type checking on) and its node types and edges are sane,
1 otherwise. The test tests/io/test_nir_reference_package.cpp runs this script.
"""
import sys

import nir


def describe(path):
    graph = nir.read(path)
    types = sorted({type(node).__name__ for node in graph.nodes.values()})
    for source, target in graph.edges:
        if source not in graph.nodes or target not in graph.nodes:
            raise ValueError(f"edge {source} -> {target} names a missing node")
    return f"{len(graph.nodes)} nodes, {len(graph.edges)} edges, types {','.join(types)}"


def main(paths):
    failed = False
    for path in paths:
        try:
            print(f"ok {path}: {describe(path)}")
        except Exception as error:  # report every file, then fail
            failed = True
            print(f"FAILED {path}: {type(error).__name__}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One training step of reef (tests/train/train_step_npy, float64) against snnTorch on identical weights and inputs.

Usage: REEF_SNNTORCH_PATH=/path/to/snntorch_checkout /usr/bin/python3 compare_snntorch.py TRAIN_STEP_NPY
       [--perturb P] [--manual-reset]
Two-layer networks (20 inputs -> Linear -> 16 hidden neurons -> Linear -> 5 output neurons, 25 steps, batch 4,
seeded numpy weights and sparse input currents, cross-entropy on spike counts) run forward and backward in both;
the loss and every gradient must agree within 1e-5 (|reef - snntorch| <= 1e-5 + 1e-5 |snntorch|) and the output
spikes exactly. The worst element of each case is printed. --perturb P adds 1e-3 to element 0 of parameter P on
reef's side only (a self-check: the comparison must then fail); --manual-reset always takes the by-hand reset
below. Exit 0 on agreement, 1 on a mismatch, 77 (skipped) when REEF_SNNTORCH_PATH is unset or numpy, torch or
snnTorch cannot be imported.

reef trains with the step engine's snntorch profile, which is snnTorch with reset_delay=False: v' = beta v + syn -
R theta, s = H(v' - theta), then the immediate reset v = v' - (s - R) theta (subtract) or v' - (s - R) v' (zero),
with R = H(v - theta) of the incoming state, detached. snnTorch's own Synaptic/Leaky layers run with
reset_delay=False; if that branch fails (it is broken in some snnTorch versions) the layers run with their delayed
reset and this script applies the same immediate reset by hand. snnTorch's surrogates return float32 spikes, so the
gradient reaching each spike is rounded to float32 there; reef keeps Parameter::grad in float32: the two agree to
about 1e-7 of the gradients' size.
"""
import argparse
import os
import subprocess
import sys
import tempfile

TOLERANCE = 1e-5
BATCH, STEPS, INPUTS, HIDDEN, OUTPUTS = 4, 25, 20, 16, 5
DT = 1e-3

# Each case: hidden and output neuron layers (reef kind, taus, threshold, reset, learned decays/thresholds) and the
# surrogate (reef name and parameter; snnTorch function name and keyword).
CASES = [
    {
        "name": "Synaptic -> Leaky, fast sigmoid (slope 25), subtract reset",
        "surrogate": ("fast_sigmoid", 25.0, "fast_sigmoid", "slope"),
        "hidden": {"kind": "cuba_lif", "tau_mem": 8e-3, "tau_syn": 4e-3, "v_th": 1.0, "reset": "subtract",
                   "learn_tau": False, "learn_threshold": False},
        "output": {"kind": "lif", "tau_mem": 5e-3, "v_th": 0.5, "reset": "subtract",
                   "learn_tau": False, "learn_threshold": False},
        "input_scale": 1.0,
    },
    {
        "name": "Leaky (zero reset) -> Synaptic, arctan (alpha 2), learned decays and thresholds",
        "surrogate": ("arctan", 2.0, "atan", "alpha"),
        "hidden": {"kind": "lif", "tau_mem": 1e-2, "v_th": 0.8, "reset": "zero",
                   "learn_tau": True, "learn_threshold": True},
        "output": {"kind": "cuba_lif", "tau_mem": 5e-3, "tau_syn": 2.5e-3, "v_th": 0.7, "reset": "subtract",
                   "learn_tau": True, "learn_threshold": True},
        "input_scale": 1.5,
    },
]


def skip(message):
    print(f"SKIPPED: {message}")
    sys.exit(77)


def load_frameworks():
    path = os.environ.get("REEF_SNNTORCH_PATH")
    if not path:
        skip("REEF_SNNTORCH_PATH is unset; point it at an snnTorch source checkout (the folder holding snntorch/)")
    sys.path.insert(0, path)
    try:
        import numpy
        import torch
        import snntorch
        import snntorch.functional
        import snntorch.surrogate
    except ImportError as error:
        skip(f"{error.name or error} cannot be imported (numpy and torch: Debian's python3-numpy and python3-torch "
             f"for /usr/bin/python3; snnTorch from REEF_SNNTORCH_PATH={path})")
    return numpy, torch, snntorch


def decay(tau):
    return min(max(1.0 - DT / tau, 0.0), 1.0)


def make_arrays(np, case, seed):
    """Seeded float32 weights (PyTorch layout (out, in)), per-neuron decays/thresholds, inputs and labels."""
    rng = np.random.default_rng(seed)

    def uniform(shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, size=shape).astype(np.float32)

    arrays = {
        "fc1.weight": uniform((HIDDEN, INPUTS), INPUTS) * np.float32(2.0),
        "fc1.bias": uniform((HIDDEN,), INPUTS),
        "fc2.weight": uniform((OUTPUTS, HIDDEN), HIDDEN) * np.float32(3.0),
        "fc2.bias": uniform((OUTPUTS,), HIDDEN),
    }
    for layer, spec, size in (("lif1", case["hidden"], HIDDEN), ("lif2", case["output"], OUTPUTS)):
        if spec["learn_tau"]:
            # per-neuron decays spread around the configured ones, as a trained model would have them
            arrays[f"{layer}.beta"] = (decay(spec["tau_mem"]) + rng.uniform(-0.05, 0.05, size)).astype(np.float32)
            if spec["kind"] == "cuba_lif":
                arrays[f"{layer}.alpha"] = (decay(spec["tau_syn"]) + rng.uniform(-0.05, 0.05, size)).astype(np.float32)
        if spec["learn_threshold"]:
            arrays[f"{layer}.threshold"] = (spec["v_th"] + rng.uniform(-0.1, 0.1, size)).astype(np.float32)
    dense = rng.uniform(size=(BATCH, STEPS, INPUTS)) < 0.3
    inputs = (dense * rng.uniform(0.0, case["input_scale"], size=(BATCH, STEPS, INPUTS))).astype(np.float32)
    labels = rng.integers(0, OUTPUTS, size=BATCH).astype(np.int64)
    return arrays, inputs, labels


def model_text(case):
    surrogate = f"{case['surrogate'][0]}:{case['surrogate'][1]!r}"
    lines = [f"input {INPUTS}", f"dt {DT!r}", "loss ce_count", f"linear fc1 out={HIDDEN}"]
    for name, spec in (("lif1", case["hidden"]), ("lif2", case["output"])):
        options = [f"tau_mem={spec['tau_mem']!r}", f"v_th={spec['v_th']!r}", f"reset={spec['reset']}",
                   f"surrogate={surrogate}", f"learn_tau={int(spec['learn_tau'])}",
                   f"learn_threshold={int(spec['learn_threshold'])}"]
        if spec["kind"] == "cuba_lif":
            options.insert(1, f"tau_syn={spec['tau_syn']!r}")
        lines.append(" ".join([spec["kind"], name] + options))
        if name == "lif1":
            lines.append(f"linear fc2 out={OUTPUTS}")
    return "\n".join(lines) + "\n"


def run_reef(np, exe, case, arrays, inputs, labels, perturb):
    with tempfile.TemporaryDirectory(prefix="reef-snntorch-") as work:
        with open(os.path.join(work, "model.txt"), "w") as f:
            f.write(model_text(case))
        for name, value in arrays.items():
            value = value.T.copy() if name.endswith(".weight") else value.copy()  # reef: linear weights (in, out)
            if name == perturb:
                value.flat[0] += np.float32(1e-3)
            np.save(os.path.join(work, name + ".npy"), value)
        np.save(os.path.join(work, "input.npy"), inputs)
        np.save(os.path.join(work, "labels.npy"), labels.astype(np.int32))
        result = subprocess.run([exe, work], capture_output=True, text=True)
        if result.returncode != 0:
            print(f"train_step_npy failed ({result.returncode}): {result.stdout}{result.stderr}")
            sys.exit(1)
        grads = {name: np.load(os.path.join(work, f"grad.{name}.npy")) for name in arrays}
        grads = {name: g.T if name.endswith(".weight") else g for name, g in grads.items()}
        return float(np.load(os.path.join(work, "loss.npy"))), np.load(os.path.join(work, "output.npy")), grads


def run_snntorch(np, torch, snn, case, arrays, inputs, labels, manual_reset):
    torch.set_default_dtype(torch.float64)
    kind, parameter, function, keyword = case["surrogate"]
    spike_grad = getattr(snn.surrogate, function)(**{keyword: parameter})
    t = {name: torch.tensor(value, dtype=torch.float64) for name, value in arrays.items()}

    def linear(name):
        layer = torch.nn.Linear(t[name + ".weight"].shape[1], t[name + ".weight"].shape[0])
        layer.weight = torch.nn.Parameter(t[name + ".weight"])
        layer.bias = torch.nn.Parameter(t[name + ".bias"])
        return layer

    def neuron(name, spec, reset_delay):
        beta = t.get(name + ".beta", torch.tensor(decay(spec["tau_mem"])))
        threshold = t.get(name + ".threshold", torch.tensor(spec["v_th"]))
        common = {"threshold": threshold, "spike_grad": spike_grad, "learn_beta": spec["learn_tau"],
                  "learn_threshold": spec["learn_threshold"], "reset_mechanism": spec["reset"],
                  "reset_delay": reset_delay}
        if spec["kind"] == "cuba_lif":
            alpha = t.get(name + ".alpha", torch.tensor(decay(spec["tau_syn"])))
            return snn.Synaptic(alpha=alpha, beta=beta, learn_alpha=spec["learn_tau"], **common)
        return snn.Leaky(beta=beta, **common)

    def step(layer, current, state, manual_reset):
        """One step of a neuron layer; returns (spikes, new state tuple)."""
        if isinstance(layer, snn.Synaptic):
            spk, syn, mem = layer(current, *state)
            state = [syn, mem]
        else:
            spk, mem = layer(current, *state)
            state = [mem]
        spk = spk.to(torch.float64)  # snnTorch's surrogates return float32 spikes (0 or 1, so exact)
        if manual_reset:  # the immediate reset reset_delay=False stands for; layer.reset is R, already detached
            scale = layer.threshold if layer.reset_mechanism_val == 0 else state[-1]
            state[-1] = state[-1] - (spk - layer.reset) * scale
        return spk, state

    def forward(reset_delay):
        fc1, fc2 = linear("fc1"), linear("fc2")
        lif1, lif2 = neuron("lif1", case["hidden"], reset_delay), neuron("lif2", case["output"], reset_delay)
        x = torch.tensor(inputs, dtype=torch.float64).transpose(0, 1)  # snnTorch is time-major
        s1 = [torch.zeros(BATCH, HIDDEN)] * (2 if isinstance(lif1, snn.Synaptic) else 1)
        s2 = [torch.zeros(BATCH, OUTPUTS)] * (2 if isinstance(lif2, snn.Synaptic) else 1)
        out = []
        for k in range(STEPS):
            spk1, s1 = step(lif1, fc1(x[k]), s1, reset_delay)
            spk2, s2 = step(lif2, fc2(spk1), s2, reset_delay)
            out.append(spk2)
        spk_out = torch.stack(out)
        loss = snn.functional.ce_count_loss()(spk_out, torch.tensor(labels))
        loss.backward()
        params = {}
        for prefix, module in (("fc1", fc1), ("fc2", fc2), ("lif1", lif1), ("lif2", lif2)):
            for name, p in module.named_parameters():
                params[f"{prefix}.{name}"] = p
        grads = {name: params[name].grad.detach().numpy() for name in arrays}
        return float(loss), spk_out.detach().transpose(0, 1).numpy(), grads

    if manual_reset:
        return forward(reset_delay=True) + ("reset_delay=True plus the immediate reset by hand",)
    try:
        return forward(reset_delay=False) + ("snnTorch's reset_delay=False",)
    except Exception as error:  # the broken reset_delay=False branch: immediate reset by hand
        return forward(reset_delay=True) + (f"reset_delay=True plus the immediate reset by hand "
                                            f"(reset_delay=False failed: {type(error).__name__}: {error})",)


def compare_case(np, torch, snn, case, seed, args):
    arrays, inputs, labels = make_arrays(np, case, seed)
    reef_loss, reef_out, reef_grads = run_reef(np, args.exe, case, arrays, inputs, labels, args.perturb)
    ref_loss, ref_out, ref_grads, how = run_snntorch(np, torch, snn, case, arrays, inputs, labels, args.manual_reset)
    print(f"case: {case['name']} (snnTorch: {how})")
    ok = True
    spike_mismatches = int((reef_out != ref_out).sum())
    print(f"  output spikes: {int(ref_out.sum())} in snnTorch, {spike_mismatches} of {ref_out.size} differ in reef")
    ok &= spike_mismatches == 0
    worst = (-1.0, "", 0.0, 0.0)
    for name, ref, got in [("loss", np.array(ref_loss), np.array(reef_loss))] + \
            [(name, ref_grads[name], reef_grads[name]) for name in arrays]:
        if ref.shape != got.shape:
            print(f"  {name}: shape {got.shape} in reef, {ref.shape} in snnTorch")
            ok = False
            continue
        error = np.abs(got - ref)
        ratio = error / (TOLERANCE + TOLERANCE * np.abs(ref))
        i = int(np.argmax(ratio))
        if ratio.flat[i] > worst[0]:
            worst = (float(ratio.flat[i]), f"{name}[{np.unravel_index(i, ref.shape) if ref.shape else ''}]",
                     float(ref.flat[i]), float(got.flat[i]))
        norm = float(np.abs(ref).max())
        print(f"  {name:16s} max |diff| {error.max():.3e}  max |snnTorch| {norm:.3e}")
        if name != "loss" and norm == 0.0:
            print(f"  {name}: the gradient is zero everywhere, so the comparison would prove nothing")
            ok = False
    ok &= worst[0] <= 1.0
    print(f"  worst: {worst[1]} snnTorch {worst[2]:.10g} reef {worst[3]:.10g} "
          f"({worst[0]:.3g} of the tolerance 1e-5 + 1e-5 |snnTorch|)  loss {ref_loss:.10g}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("exe", help="the train_step_npy executable")
    parser.add_argument("--perturb", help="add 1e-3 to element 0 of this parameter on reef's side (self-check)")
    parser.add_argument("--manual-reset", action="store_true",
                        help="run snnTorch with reset_delay=True and the immediate reset by hand")
    args = parser.parse_args()
    np, torch, snn = load_frameworks()
    print(f"torch {torch.__version__}, snntorch {snn.__version__} from {os.path.dirname(snn.__file__)}")
    results = [compare_case(np, torch, snn, case, seed, args) for seed, case in enumerate(CASES)]
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()

"""Times the training step `reef bench train` times, in snnTorch: a 784-1000-10 network of Synaptic (CubaLIF)
neurons, alpha 0.9, beta 0.95, fast-sigmoid surrogate (slope 25), Bernoulli input of the given density, cross-entropy
on output spike counts (snntorch.functional.ce_count_loss) and Adam; forward, backward and the optimizer step.

reef embeds this script and runs it for `reef bench train --snntorch DIR`; it can also be run by hand:
  PYTHONPATH=DIR python3 snntorch_train_step.py BATCH STEPS DENSITY THREADS REPEAT SEED
The last line of output is "result BEST_S MEDIAN_S LOSS" (seconds per step, the first untimed step's loss)."""
import statistics
import sys
import time

import torch
import snntorch as snn
import snntorch.functional as SF
import snntorch.surrogate as surrogate

batch, steps = int(sys.argv[1]), int(sys.argv[2])
density = float(sys.argv[3])
threads, repeat, seed = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
torch.set_num_threads(threads)
torch.manual_seed(seed)

fc1, fc2 = torch.nn.Linear(784, 1000), torch.nn.Linear(1000, 10)
spike_grad = surrogate.fast_sigmoid(slope=25)
lif1 = snn.Synaptic(alpha=0.9, beta=0.95, spike_grad=spike_grad)
lif2 = snn.Synaptic(alpha=0.9, beta=0.95, spike_grad=spike_grad)
optimizer = torch.optim.Adam(list(fc1.parameters()) + list(fc2.parameters()), lr=1e-3)
loss_fn = SF.ce_count_loss()
inputs = (torch.rand(steps, batch, 784) < density).float()
labels = torch.randint(0, 10, (batch,))


def training_step():
    syn1, mem1 = lif1.init_synaptic()
    syn2, mem2 = lif2.init_synaptic()
    outputs = []
    for t in range(steps):
        spk1, syn1, mem1 = lif1(fc1(inputs[t]), syn1, mem1)
        spk2, syn2, mem2 = lif2(fc2(spk1), syn2, mem2)
        outputs.append(spk2)
    loss = loss_fn(torch.stack(outputs), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return float(loss)


first_loss = training_step()  # warm-up, as reef's run 0
times = []
for _ in range(repeat):
    start = time.perf_counter()
    training_step()
    times.append(time.perf_counter() - start)
print(f"torch {torch.__version__}, snntorch {snn.__version__} from {snn.__file__}")
print(f"result {min(times):.6f} {statistics.median(times):.6f} {first_loss:.6f}")

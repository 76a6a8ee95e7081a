// `reef bench train`: one training step (forward, backward, Adam) of the 784-1000-10 CubaLIF network on rate-coded
// random input, batch 128, 25 steps: samples/s, peak memory, and the fraction of this machine's measured fp32
// multiply-add rate that the step's multiply-adds reach; with --snntorch, the same step in snnTorch in the same run.
#include <immintrin.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include "bench_snntorch.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"
#include "reef/sim/train/loss.hpp"
#include "reef/sim/train/optimizer.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench train [--batch N] [--steps T] [--density P] [--threads K] [--repeat R] [--seed N]\n"
             "                        [--snntorch DIR [--python EXE]]",
    .description =
        "Times training steps of a 784-1000-10 CubaLIF network (snntorch profile, ce_count loss, Adam) on Bernoulli\n"
        "input with the given density: forward, backward and the optimizer step, the best and median of --repeat\n"
        "runs. Prints samples/s, peak resident memory, the multiply-adds one step does (dense layers on the active\n"
        "inputs and the output layer's input gradient; neuron updates not counted) and their rate as a fraction of\n"
        "this machine's fp32 multiply-add bound, measured at start-up with a tight FMA loop (AVX-512, else AVX2,\n"
        "else SSE multiply and add) on the same number of threads.\n"
        "\n"
        "With --snntorch DIR (an snnTorch source checkout), the same run then times the same step in snnTorch -\n"
        "Synaptic neurons, fast-sigmoid surrogate, ce_count_loss, Adam, the same batch, steps, input density and\n"
        "thread count, its own random weights - under --python (which needs torch: Debian's python3-torch), and\n"
        "prints both and the ratio.",
    .details = "",
    .examples = "  reef bench train                 # batch 128, 25 steps, 15 % active inputs, all cores\n"
                "  reef bench train --threads 1\n"
                "  reef bench train --threads 1 --snntorch ~/src/snntorch   # reef and snnTorch in one run\n",
};

constexpr std::size_t kAccumulators = 8;

__attribute__((target("avx512f"))) double fma_loop_avx512(std::size_t iterations) {
  __m512 acc[kAccumulators];
  for (auto& a : acc) a = _mm512_set1_ps(0.0F);
  const __m512 x = _mm512_set1_ps(0.999F), y = _mm512_set1_ps(1e-3F);
  for (std::size_t i = 0; i < iterations; ++i)
    for (auto& a : acc) a = _mm512_fmadd_ps(a, x, y);
  alignas(64) float out[16];
  float sum = 0;
  for (auto& a : acc) {
    _mm512_store_ps(out, a);
    for (float v : out) sum += v;
  }
  return sum;
}

__attribute__((target("avx2,fma"))) double fma_loop_avx2(std::size_t iterations) {
  __m256 acc[kAccumulators];
  for (auto& a : acc) a = _mm256_set1_ps(0.0F);
  const __m256 x = _mm256_set1_ps(0.999F), y = _mm256_set1_ps(1e-3F);
  for (std::size_t i = 0; i < iterations; ++i)
    for (auto& a : acc) a = _mm256_fmadd_ps(a, x, y);
  alignas(32) float out[8];
  float sum = 0;
  for (auto& a : acc) {
    _mm256_store_ps(out, a);
    for (float v : out) sum += v;
  }
  return sum;
}

double fma_loop_sse(std::size_t iterations) {
  __m128 acc[kAccumulators];
  for (auto& a : acc) a = _mm_set1_ps(0.0F);
  const __m128 x = _mm_set1_ps(0.999F), y = _mm_set1_ps(1e-3F);
  for (std::size_t i = 0; i < iterations; ++i)
    for (auto& a : acc) a = _mm_add_ps(_mm_mul_ps(a, x), y);
  alignas(16) float out[4];
  float sum = 0;
  for (auto& a : acc) {
    _mm_store_ps(out, a);
    for (float v : out) sum += v;
  }
  return sum;
}

struct FmaBound {
  double macs_per_s = 0.0;
  std::string how;
};

// Runs the widest FMA loop the CPU has on `threads` threads at once and counts lanes × accumulators × iterations.
FmaBound measure_fma_bound(std::size_t threads) {
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f");
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const std::size_t lanes = avx512 ? 16 : avx2 ? 8 : 4;
  const auto loop = avx512 ? fma_loop_avx512 : avx2 ? fma_loop_avx2 : fma_loop_sse;
  const std::size_t iterations = 20'000'000;
  std::atomic<double> sink = 0.0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) workers.emplace_back([&] { sink = sink + loop(iterations); });
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  FmaBound bound;
  bound.macs_per_s = static_cast<double>(threads * iterations * kAccumulators * lanes) / seconds;
  bound.how = std::string("measured: ") + (avx512 ? "AVX-512" : avx2 ? "AVX2" : "SSE") + " FMA loop, " +
              std::to_string(lanes) + " lanes x " + std::to_string(kAccumulators) + " chains on " +
              std::to_string(threads) + " thread(s)";
  return bound;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

sim::train::ModelSpec bench_spec() {
  using sim::train::LayerKind;
  sim::train::ModelSpec spec;
  spec.input_shape = {784};
  spec.dt_s = 1e-3;
  sim::train::LayerSpec hidden{LayerKind::cuba_lif, "lif1"};
  hidden.tau_mem_s = 0.02;  // beta 0.95
  hidden.tau_syn_s = 0.01;  // alpha 0.9
  sim::train::LayerSpec out = hidden;
  out.name = "lif2";
  spec.layers = {{LayerKind::linear, "fc1", 1000}, hidden, {LayerKind::linear, "fc2", 10}, out};
  return spec;
}

}  // namespace

int bench_train(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("batch", po::value<std::string>()->value_name("N")->default_value("128"), "samples per step")
      ("steps", po::value<std::string>()->value_name("T")->default_value("25"), "time steps per sample")
      ("density", po::value<std::string>()->value_name("P")->default_value("0.15"), "active fraction of inputs")
      ("threads", po::value<std::string>()->value_name("K"), "worker threads (default: all cores)")
      ("repeat", po::value<std::string>()->value_name("R")->default_value("10"), "timed training steps")
      ("seed,s", po::value<std::string>()->value_name("N")->default_value("1"), "weights and input")
      ("snntorch", po::value<std::string>()->value_name("DIR"), "also time snnTorch from this source checkout")
      ("python", po::value<std::string>()->value_name("EXE")->default_value("/usr/bin/python3"),
       "the Python that runs snnTorch (needs torch)");
  const auto values = parse_command_line(args, options, "", kHelp);
  if (!values) return 0;
  const auto count = [&](const char* name) {
    const double v = parse_positive_option((*values)[name].as<std::string>(), std::string("--") + name);
    if (v != std::floor(v)) throw UsageError(std::string("--") + name + " must be a whole number");
    return static_cast<std::size_t>(v);
  };
  const std::size_t batch = count("batch"), steps = count("steps"), repeat = count("repeat");
  const double density = parse_positive_option((*values)["density"].as<std::string>(), "--density");
  if (density > 1.0) throw UsageError("--density must be at most 1");
  const std::size_t threads = values->count("threads") != 0 ? count("threads")
                                                            : std::max(1U, std::thread::hardware_concurrency());
  const std::uint64_t seed = parse_seed_option((*values)["seed"].as<std::string>(), "--seed");

  if (values->count("snntorch") != 0) check_snntorch_checkout((*values)["snntorch"].as<std::string>());

  const FmaBound bound = measure_fma_bound(threads);
  sim::train::Model model(bench_spec(), seed);
  sim::train::ExecutionOptions execution;
  execution.threads = threads;
  model.set_execution(execution);
  sim::train::Optimizer adam(sim::train::OptimizerSpec{sim::train::OptimizerKind::adam});
  core::Rng rng(seed, 1);
  std::vector<float> input(batch * steps * 784);
  std::size_t active = 0;
  for (float& v : input) {
    v = rng.uniform() < density ? 1.0F : 0.0F;
    active += v != 0.0F ? 1 : 0;
  }
  std::vector<std::int32_t> labels(batch);
  for (auto& label : labels) label = static_cast<std::int32_t>(rng.uniform_index(10));

  std::vector<double> seconds;
  double hidden_rate = 0.0, loss = 0.0;
  for (std::size_t r = 0; r <= repeat; ++r) {  // run 0 warms up
    const auto start = std::chrono::steady_clock::now();
    model.zero_grad();
    const std::vector<double>& out = model.forward(input.data(), steps, batch);
    const sim::train::LossResult result =
        sim::train::compute_loss({sim::train::LossKind::ce_count}, out.data(), batch, steps, 10, labels.data());
    model.backward(result.d_output.data());
    adam.step(model.parameters(), 1e-3);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r > 0) seconds.push_back(elapsed);
    hidden_rate = model.spike_rates().front();
    loss = result.loss;
  }
  std::sort(seconds.begin(), seconds.end());
  const double best = seconds.front(), median = seconds[seconds.size() / 2];
  const double rows = static_cast<double>(batch * steps);
  const double hidden_spikes = hidden_rate * rows * 1000.0;
  // fc1 forward + weight gradient on the active inputs; fc2 forward + weight gradient on the hidden spikes; the
  // hidden layer's input gradient through fc2 (dense: 1000 x 10 per row).
  const double macs = 2.0 * static_cast<double>(active) * 1000.0 + 2.0 * hidden_spikes * 10.0 + rows * 1000.0 * 10.0;
  const double dense_macs = 2.0 * rows * 784.0 * 1000.0 + 3.0 * rows * 1000.0 * 10.0;

  const double active_percent = 100.0 * static_cast<double>(active) / static_cast<double>(input.size());
  const auto per_second = [&](double seconds_per_step) {
    return group_digits(static_cast<std::uint64_t>(static_cast<double>(batch) / seconds_per_step));
  };
  std::cout << report_line("network", "784-1000-10 CubaLIF (snntorch profile), ce_count loss, Adam")
            << report_line("batch", std::to_string(batch) + " samples x " + std::to_string(steps) + " steps, " +
                                        fixed(active_percent, 1) + " % active inputs, hidden rate " +
                                        fixed(hidden_rate, 3) + " per step")
            << report_line("threads", std::to_string(threads))
            << report_line("step", fixed(best * 1e3, 1) + " ms best, " + fixed(median * 1e3, 1) + " ms median of " +
                                       std::to_string(repeat) + " (loss " + fixed(loss, 4) + ")")
            << report_line("samples/s", per_second(best) + " (best), " + per_second(median) + " (median)")
            << report_line("peak memory", fixed(peak_rss_mib(), 1) + " MiB (getrusage maxrss)")
            << report_line("multiply-adds", fixed(macs / 1e6, 0) + " M per step (dense equivalent: " +
                                                fixed(dense_macs / 1e6, 0) + " M)")
            << report_line("fp32 bound", fixed(bound.macs_per_s / 1e9, 1) + " G multiply-adds/s (" + bound.how + ")")
            << report_line("fraction", fixed(100.0 * macs / best / bound.macs_per_s, 2) + " % of the bound (" +
                                           fixed(100.0 * dense_macs / best / bound.macs_per_s, 2) +
                                           " % counting dense-equivalent multiply-adds)")
            << std::flush;
  if (values->count("snntorch") == 0) return 0;

  const SnntorchWorkload workload{batch, steps, threads, repeat, density, seed};
  const SnntorchTiming snntorch =
      time_snntorch_training((*values)["python"].as<std::string>(), (*values)["snntorch"].as<std::string>(), workload);
  std::cout << report_line("snnTorch", snntorch.versions)
            << report_line("", "step " + fixed(snntorch.best_s * 1e3, 1) + " ms best, " +
                                   fixed(snntorch.median_s * 1e3, 1) + " ms median of " + std::to_string(repeat) +
                                   " (loss " + fixed(snntorch.loss, 4) + ")")
            << report_line("", "samples/s " + per_second(snntorch.best_s) + " (best), " +
                                   per_second(snntorch.median_s) + " (median)")
            << report_line("speed-up", "reef " + fixed(snntorch.best_s / best, 1) + "x snnTorch (best), " +
                                           fixed(snntorch.median_s / median, 1) + "x (median)");
  return 0;
}

}  // namespace reef::cli

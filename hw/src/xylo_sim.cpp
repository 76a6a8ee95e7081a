// hw::XyloSim: the integer time step of xylosim v2 (the Xylo Audio 2 / IMU / Audio 3 reference simulator), step by
// step in its order of operations (rockpool_xylo.md §5.3, docs/chipsim.md). Every limit (state range, event caps)
// comes from the ChipSpec; the sparse per-source synapse lists are built once in the constructor.
#include "reef/hw/xylo_sim.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "reef/core/error.hpp"
#include "reef/hw/mapper.hpp"

namespace reef::hw {

namespace {

// One synapse as delivered: the state word it adds to and its weight after the layer's weight shift.
struct Synapse {
  std::uint32_t state;
  std::int32_t weight;
};

// The synapses of every source (input channel or hidden neuron) in delivery order, CSR.
struct SynapseLists {
  std::vector<std::uint32_t> offsets{0};
  std::vector<Synapse> synapses;

  void close_source() { offsets.push_back(static_cast<std::uint32_t>(synapses.size())); }
  const Synapse* begin(std::size_t source) const { return synapses.data() + offsets[source]; }
  const Synapse* end(std::size_t source) const { return synapses.data() + offsets[source + 1]; }
};

// `v >> dash`, but at least one step toward 0 for any nonzero v (the linear floor); dash 0 gives v itself.
std::int64_t decay(std::int64_t v, int dash) {
  const std::int64_t d = v >> dash;  // arithmetic shift: rounds toward −∞, never 0 for negative v
  if (d == 0 && v != 0) return v > 0 ? 1 : -1;
  return d;
}

// Subtractive spiking: an event per threshold v still reaches, counting on from `num` up to `cap`.
std::uint32_t fire(std::int64_t& v, std::int64_t threshold, std::uint32_t num, std::uint32_t cap) {
  while (v >= threshold && num < cap) {
    ++num;
    v -= threshold;
  }
  return num;
}

}  // namespace

struct XyloSim::Impl {
  // Sizes and constants.
  std::size_t n_inputs = 0, n_hidden = 0, n_outputs = 0, synapses = 1;
  std::int64_t state_min = 0, state_max = 0;
  std::uint32_t input_cap = 0, hidden_cap = 0, output_cap = 0;
  bool bias_enable = false;
  std::vector<HiddenNeuronConfig> hidden;
  std::vector<OutputNeuronConfig> outputs;
  SynapseLists input_lists;     // per channel: synapse-0 targets ascending, then synapse-1 targets ascending
  SynapseLists recurrent_lists; // per hidden source, same order; state = target * synapses + synapse
  SynapseLists readout_lists;   // per hidden source: output ids ascending

  // State.
  std::vector<std::int32_t> isyn;      // [n_hidden][synapses]
  std::vector<std::int32_t> vmem;      // [n_hidden]
  std::vector<std::uint8_t> spikes;    // rspk: hidden events of the last step (after aliasing), delivered next step
  std::vector<std::int32_t> isyn_out;  // [n_outputs]
  std::vector<std::int32_t> vmem_out;  // [n_outputs]
  std::vector<std::uint8_t> spikes_out;  // output events of this step

  // xylosim's safe_add: saturates toward the state limit in the direction of y (y may be wider than the state).
  std::int64_t safe_add(std::int64_t x, std::int64_t y) const {
    const std::int64_t limit = y >= 0 ? state_max : state_min;
    return std::abs(limit - x) > std::abs(y) ? x + y : limit;
  }

  // `count` events through the synapses [first, last), each event one safe_add of the weight. A synaptic state is
  // always inside the range, where safe_add(x, w) = clamp(x + w); so `count` of them equal one clamp of x + count·w
  // summed wide (never count·w wrapped to 16 bits).
  void deliver(std::int32_t* state, const Synapse* first, const Synapse* last, std::uint32_t count) const {
    for (const Synapse* s = first; s != last; ++s) {
      const std::int64_t value = state[s->state] + static_cast<std::int64_t>(count) * s->weight;
      state[s->state] = static_cast<std::int32_t>(std::clamp(value, state_min, state_max));
    }
  }

  // The v2 membrane update: −decay(v) plus the summed current (wide), then the bias, each saturating.
  std::int64_t membrane(std::int64_t v, int dash_mem, std::int64_t current, std::int64_t bias) const {
    std::int64_t dv = safe_add(-decay(v, dash_mem), current);
    if (bias_enable) dv = safe_add(dv, bias);
    return safe_add(v, dv);
  }

  void step(const std::uint16_t* counts, std::size_t& clipped);
};

void XyloSim::Impl::step(const std::uint16_t* counts, std::size_t& clipped) {
  // 1. Input events act in this step, clipped to the per-channel cap.
  for (std::size_t c = 0; c < n_inputs; ++c) {
    const std::uint32_t n = std::min<std::uint32_t>(counts[c], input_cap);
    clipped += counts[c] - n;
    if (n > 0) deliver(isyn.data(), input_lists.begin(c), input_lists.end(c), n);
  }
  // 2. Last step's hidden events (alias copies included) reach hidden and output neurons now: one step of latency.
  for (std::size_t pre = 0; pre < n_hidden; ++pre) {
    const std::uint32_t n = spikes[pre];
    if (n == 0) continue;
    deliver(isyn.data(), recurrent_lists.begin(pre), recurrent_lists.end(pre), n);
    deliver(isyn_out.data(), readout_lists.begin(pre), readout_lists.end(pre), n);
    spikes[pre] = 0;
  }
  // 3. Hidden neurons in id order; a neuron's count starts with alias copies from lower ids of this step.
  for (std::size_t j = 0; j < n_hidden; ++j) {
    const HiddenNeuronConfig& p = hidden[j];
    std::int32_t* i = isyn.data() + j * synapses;
    std::int64_t current = 0;
    for (std::size_t k = 0; k < synapses; ++k) {
      const std::int64_t value = i[k] - decay(i[k], k == 0 ? p.dash_syn : p.dash_syn2);
      i[k] = static_cast<std::int32_t>(value);
      current += value;
    }
    std::int64_t v = membrane(vmem[j], p.dash_mem, current, p.bias);
    const std::uint32_t num = fire(v, p.threshold, spikes[j], hidden_cap);
    vmem[j] = static_cast<std::int32_t>(v);
    spikes[j] = static_cast<std::uint8_t>(num);
    if (p.alias_target >= 0) {
      std::uint8_t& target = spikes[static_cast<std::size_t>(p.alias_target)];
      target = static_cast<std::uint8_t>(std::min<std::uint32_t>(target + num, hidden_cap));
    }
  }
  // 4. Output neurons: one synaptic current, at most output_cap events.
  for (std::size_t o = 0; o < n_outputs; ++o) {
    const OutputNeuronConfig& p = outputs[o];
    const std::int64_t current = isyn_out[o] - decay(isyn_out[o], p.dash_syn);
    isyn_out[o] = static_cast<std::int32_t>(current);
    std::int64_t v = membrane(vmem_out[o], p.dash_mem, current, p.bias);
    spikes_out[o] = static_cast<std::uint8_t>(fire(v, p.threshold, 0, output_cap));
    vmem_out[o] = static_cast<std::int32_t>(v);
  }
}

XyloSim::XyloSim(const ChipImage& image, const ChipSpec& chip) : impl_(std::make_shared<Impl>()) {
  validate_image(image, chip);
  Impl& s = *impl_;
  s.n_inputs = image.n_inputs;
  s.n_hidden = image.n_hidden;
  s.n_outputs = image.n_outputs;
  s.synapses = image.synapses;
  s.state_min = chip.state.min;
  s.state_max = chip.state.max;
  s.input_cap = chip.max_input_events_per_step;
  s.hidden_cap = chip.max_hidden_spikes_per_step;
  s.output_cap = chip.max_output_spikes_per_step;
  if (std::max(s.hidden_cap, s.output_cap) > 255 || chip.state.min < -(std::int64_t{1} << 30) ||
      chip.state.max >= (std::int64_t{1} << 30))
    throw ValidationError(chip.name + ": XyloSim counts events per neuron and step in 8 bits and holds states in 31 "
                          "bits, but the chip allows " + std::to_string(std::max(s.hidden_cap, s.output_cap)) +
                          " events and states in [" + std::to_string(chip.state.min) + ", " +
                          std::to_string(chip.state.max) + "]");
  s.bias_enable = image.bias_enable;
  s.hidden = image.hidden;
  s.outputs = image.outputs;

  // A shifted weight has to be a value of the state: xylosim would wrap it to 16 bits and flip its sign.
  const auto shifted = [&](std::int8_t weight, std::int32_t shift, const char* layer) {
    const std::int64_t value = static_cast<std::int64_t>(weight) * (std::int64_t{1} << std::clamp(shift, 0, 32));
    if (shift < 0 || shift > 32 || !chip.state.contains(value))
      throw MappingError(std::string("rule weight_shift: ") + layer + " weight " + std::to_string(weight) + " << " +
                         std::to_string(shift) + " = " + std::to_string(value) + " does not fit the state range [" +
                         std::to_string(chip.state.min) + ", " + std::to_string(chip.state.max) + "] of " +
                         chip.name + "; use a smaller weight shift");
    return static_cast<std::int32_t>(value);
  };
  const auto add_hidden_targets = [&](SynapseLists& lists, std::size_t source, bool from_input) {
    for (std::size_t k = 0; k < s.synapses; ++k)
      for (std::size_t post = 0; post < s.n_hidden; ++post) {
        const std::int8_t w = from_input ? image.weight_in(source, post, k) : image.weight_rec(source, post, k);
        if (w == 0) continue;
        const std::int32_t value = from_input ? shifted(w, image.weight_shift_in, "input")
                                              : shifted(w, image.weight_shift_rec, "recurrent");
        lists.synapses.push_back({static_cast<std::uint32_t>(post * s.synapses + k), value});
      }
    lists.close_source();
  };
  for (std::size_t c = 0; c < s.n_inputs; ++c) add_hidden_targets(s.input_lists, c, true);
  for (std::size_t pre = 0; pre < s.n_hidden; ++pre) {
    add_hidden_targets(s.recurrent_lists, pre, false);
    for (std::size_t o = 0; o < s.n_outputs; ++o) {
      const std::int8_t w = image.weight_out(pre, o);
      if (w == 0) continue;
      const std::int32_t value = shifted(w, image.weight_shift_out, "readout");
      s.readout_lists.synapses.push_back({static_cast<std::uint32_t>(o), value});
    }
    s.readout_lists.close_source();
  }
  reset();
}

void XyloSim::reset() {
  Impl& s = *impl_;
  s.isyn.assign(s.n_hidden * s.synapses, 0);
  s.vmem.assign(s.n_hidden, 0);
  s.spikes.assign(s.n_hidden, 0);
  s.isyn_out.assign(s.n_outputs, 0);
  s.vmem_out.assign(s.n_outputs, 0);
  s.spikes_out.assign(s.n_outputs, 0);
}

ChipSimRun XyloSim::evolve(std::span<const std::uint16_t> input_counts, std::size_t steps,
                           const ChipSimRecordRequest& record) {
  Impl& s = *impl_;
  if (input_counts.size() != steps * s.n_inputs)
    throw ValidationError("chip simulation input: " + std::to_string(input_counts.size()) +
                          " event counts given, but " + std::to_string(steps) + " steps of " +
                          std::to_string(s.n_inputs) + " input channels need " + std::to_string(steps * s.n_inputs));
  ChipSimRun run;
  run.steps = steps;
  run.output_spikes.reserve(steps * s.n_outputs);
  if (record.hidden_spikes) run.hidden_spikes.reserve(steps * s.n_hidden);
  const auto append = [](std::vector<std::int16_t>& to, const std::int32_t* from, std::size_t n, std::size_t stride) {
    for (std::size_t j = 0; j < n; ++j) to.push_back(static_cast<std::int16_t>(from[j * stride]));
  };
  for (std::size_t t = 0; t < steps; ++t) {
    s.step(input_counts.data() + t * s.n_inputs, run.clipped_input_events);
    // 5. Record after the update.
    run.output_spikes.insert(run.output_spikes.end(), s.spikes_out.begin(), s.spikes_out.end());
    if (record.hidden_spikes) run.hidden_spikes.insert(run.hidden_spikes.end(), s.spikes.begin(), s.spikes.end());
    if (record.states) {
      append(run.vmem, s.vmem.data(), s.n_hidden, 1);
      append(run.isyn, s.isyn.data(), s.n_hidden, s.synapses);
      if (s.synapses > 1) {
        append(run.isyn2, s.isyn.data() + 1, s.n_hidden, s.synapses);
      } else {
        run.isyn2.insert(run.isyn2.end(), s.n_hidden, 0);
      }
      append(run.vmem_out, s.vmem_out.data(), s.n_outputs, 1);
      append(run.isyn_out, s.isyn_out.data(), s.n_outputs, 1);
    }
  }
  return run;
}

std::size_t XyloSim::n_inputs() const { return impl_->n_inputs; }
std::size_t XyloSim::n_hidden() const { return impl_->n_hidden; }
std::size_t XyloSim::n_outputs() const { return impl_->n_outputs; }

}  // namespace reef::hw

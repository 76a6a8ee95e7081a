// Lowering of a core::Graph into the step engine's plain network, and one step of it: nodes in evaluation order,
// then the projections' impulses, then the delayed copies for back edges.
#include "step_core.hpp"

#include <algorithm>

#include "current_bias.hpp"
#include "nir_lowering.hpp"
#include "reef/core/error.hpp"
#include "step_plan.hpp"

namespace reef::sim {

namespace {

constexpr std::size_t kNoSlot = SIZE_MAX;

bool is_current_source(const core::Node& node) {
  return std::holds_alternative<core::CurrentSourceParams>(node.params);
}

bool is_spike_source(const core::Node& node) {
  return std::holds_alternative<core::SpikeSourceParams>(node.params) ||
         std::holds_alternative<core::PoissonSourceParams>(node.params);
}

}  // namespace

StepCore::StepCore(const core::Graph& graph, const StepOptions& options) {
  const auto& nodes = graph.nodes();
  // Constant currents become bias of the populations they project onto.
  const std::vector<std::vector<double>> extra_bias = current_source_bias(graph);

  const ConnectionOrder order = order_connections(graph);
  slot_of_node.assign(nodes.size(), kNoSlot);
  for (core::NodeId id : order.order) {
    const core::Node& node = nodes[id];
    if (is_current_source(node)) continue;
    Slot slot;
    slot.id = id;
    slot.name = node.name;
    slot.size = node.size;
    slot.in_size = node.size;
    if (node.is_population()) {
      slot.role = SlotRole::neurons;
      slot.index = groups.size();
      groups.emplace_back(apply_reset_rule(node, *options.reset), options, extra_bias[id]);
    } else if (is_spike_source(node)) {
      slot.role = SlotRole::source;
      slot.index = sources.size();
      sources.emplace_back(node, options.dt_s);
    } else if (std::holds_alternative<core::InputParams>(node.params)) {
      slot.role = SlotRole::input;
    } else {
      slot.role = SlotRole::layer;
      slot.index = layers.size();
      layers.emplace_back(node, options.dt_s);
      slot.in_size = layers.back().in_size();
      slot.is_output = std::holds_alternative<core::OutputParams>(node.params);
    }
    slot_of_node[id] = slots.size();
    slots.push_back(std::move(slot));
  }
  for (std::size_t s = 0; s < slots.size(); ++s)
    if (slots[s].role == SlotRole::input) input_slots.push_back(s);
  std::sort(input_slots.begin(), input_slots.end(),
            [&](std::size_t a, std::size_t b) { return slots[a].id < slots[b].id; });
  for (std::size_t i = 0; i < input_slots.size(); ++i) slots[input_slots[i]].index = i;

  for (std::size_t c = 0; c < graph.connections().size(); ++c) {
    const core::Connection& connection = graph.connections()[c];
    const core::Node& source = graph.node(connection.source);
    if (is_spike_source(source) || is_current_source(source))
      throw ValidationError("connection '" + source.name + "' -> '" + graph.node(connection.target).name +
                            "': input sources reach populations through projections, not NIR connections");
    const std::size_t from = slot_of_node[connection.source];
    Slot& target = slots[slot_of_node[connection.target]];
    if (connection.synapse != 0 && options.profile != StepProfile::rockpool)
      throw ValidationError("connection '" + source.name + "' -> '" + target.name + "' enters synapse " +
                            std::to_string(connection.synapse) + "; only the rockpool profile runs inputs into a "
                            "synapse other than the first (use --profile rockpool)");
    if (!order.back_edge[c]) {
      target.inputs.push_back(from);
      target.input_synapses.push_back(connection.synapse);
      continue;
    }
    target.delayed_inputs.push_back(from);
    target.delayed_input_synapses.push_back(connection.synapse);
    Slot& back = slots[from];
    if (back.feeds_back) continue;
    back.feeds_back = true;
    back.initial_previous.assign(back.size, 0.0);
    if (*options.recurrent_bias_at_t0 && back.role == SlotRole::layer)
      back.initial_previous = layers[back.index].zero_input_output();
  }

  for (Slot& slot : slots) {
    const auto all_first = [](const std::vector<std::size_t>& synapses) {
      return std::all_of(synapses.begin(), synapses.end(), [](std::size_t k) { return k == 0; });
    };
    if (all_first(slot.input_synapses) && all_first(slot.delayed_input_synapses)) {
      slot.input_synapses.clear();
      slot.delayed_input_synapses.clear();
    } else {
      groups[slot.index].set_input_synapses(groups[slot.index].synapse_count());
    }
  }

  for (const core::Edge& edge : graph.edges()) {
    const core::Node& source = graph.node(edge.source);
    if (is_current_source(source)) continue;
    const std::size_t group = slots[slot_of_node[edge.target]].index;
    projections.emplace_back(edge, group, options.dt_s);
    groups[group].reserve_delay(projections.back().max_delay_steps());
    projection_source.push_back(slot_of_node[edge.source]);
    projection_external.push_back(!source.is_population());
  }
}

void StepCore::start(std::size_t samples) {
  batch = samples;
  out.assign(slots.size(), {});
  previous.assign(slots.size(), {});
  fired.assign(slots.size(), {});
  std::size_t widest = 0;
  for (std::size_t s = 0; s < slots.size(); ++s) {
    const Slot& slot = slots[s];
    out[s].assign(batch * slot.size, 0.0);
    const std::size_t blocks = slot.input_synapses.empty() ? 1 : groups[slot.index].synapse_count();
    widest = std::max(widest, blocks * slot.in_size);
    if (slot.feeds_back) {
      previous[s].resize(batch * slot.size);
      for (std::size_t b = 0; b < batch; ++b)
        std::copy(slot.initial_previous.begin(), slot.initial_previous.end(), previous[s].begin() + b * slot.size);
    }
    if (slot.role == SlotRole::neurons || slot.role == SlotRole::source) fired[s].reserve(batch * slot.size);
  }
  gathered.assign(batch * widest, 0.0);
  zeros.assign(batch * widest, 0.0);
  for (NeuronGroup& group : groups) group.start(batch);
  for (StepLayer& layer : layers) layer.start(batch);
  for (StepSource& source : sources) source.start();
  synaptic_events = 0;
  external_events = 0;
}

void StepCore::step(std::size_t t, const std::vector<const double*>& input_rows,
                    const std::vector<std::size_t>& input_stride) {
  for (std::size_t s = 0; s < slots.size(); ++s) {
    const Slot& slot = slots[s];
    const double* x = nullptr;
    const std::size_t fan_in = slot.inputs.size() + slot.delayed_inputs.size();
    const bool per_synapse = !slot.input_synapses.empty() || !slot.delayed_input_synapses.empty();
    if (fan_in == 1 && !per_synapse) {
      x = slot.inputs.empty() ? previous[slot.delayed_inputs[0]].data() : out[slot.inputs[0]].data();
    } else if (fan_in > 0) {
      // One [batch][in_size] block per synapse when inputs enter several synapses, else one block.
      const std::size_t n = batch * slot.in_size;
      std::fill_n(gathered.begin(), per_synapse ? groups[slot.index].synapse_count() * n : n, 0.0);
      for (std::size_t i = 0; i < slot.inputs.size(); ++i) {
        double* into = gathered.data() + (per_synapse ? slot.input_synapses[i] * n : 0);
        for (std::size_t e = 0; e < n; ++e) into[e] += out[slot.inputs[i]][e];
      }
      for (std::size_t i = 0; i < slot.delayed_inputs.size(); ++i) {
        double* into = gathered.data() + (per_synapse ? slot.delayed_input_synapses[i] * n : 0);
        for (std::size_t e = 0; e < n; ++e) into[e] += previous[slot.delayed_inputs[i]][e];
      }
      x = gathered.data();
    }
    double* y = out[s].data();
    switch (slot.role) {
      case SlotRole::input: {
        const double* rows = input_rows[slot.index];
        for (std::size_t b = 0; b < batch; ++b) {
          if (rows) {
            std::copy_n(rows + b * input_stride[slot.index], slot.size, y + b * slot.size);
          } else {
            std::fill_n(y + b * slot.size, slot.size, 0.0);
          }
        }
        break;
      }
      case SlotRole::layer: layers[slot.index].apply(x ? x : zeros.data(), y, batch); break;
      case SlotRole::neurons:
        fired[s].clear();
        groups[slot.index].step(x, y, fired[s]);
        break;
      case SlotRole::source:
        fired[s].clear();
        sources[slot.index].step(t, batch, fired[s]);
        break;
    }
  }
  for (std::size_t p = 0; p < projections.size(); ++p) {
    const std::uint64_t deliveries =
        projections[p].deliver(fired[projection_source[p]], groups[projections[p].target_group()]);
    (projection_external[p] ? external_events : synaptic_events) += deliveries;
  }
  for (NeuronGroup& group : groups) group.end_step();
  for (std::size_t s = 0; s < slots.size(); ++s)
    if (slots[s].feeds_back) std::copy(out[s].begin(), out[s].end(), previous[s].begin());
}

}  // namespace reef::sim

// Hardware usage, node placement and register summaries of a chip image (chip_usage.hpp).
#include "chip_usage.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "text_format.hpp"

namespace reef::cli {
namespace {

std::string used_of(std::size_t used, std::size_t available, const std::string& noun) {
  return group_digits(used) + " of " + group_digits(available) + " " + noun;
}

// "min..max" of `values` (one value when they agree), "-" when there are none.
template <typename Range>
std::string range_text(const Range& values) {
  if (values.empty()) return "-";
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *low == *high ? std::to_string(*low) : std::to_string(*low) + ".." + std::to_string(*high);
}

template <typename Value>
std::size_t nonzero(const std::vector<Value>& values) {
  return static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [](Value v) { return v != 0; }));
}

std::string kind_name(hw::NeuronGroup::Kind kind) {
  switch (kind) {
    case hw::NeuronGroup::Kind::input: return "input";
    case hw::NeuronGroup::Kind::hidden: return "hidden";
    case hw::NeuronGroup::Kind::output: return "output";
  }
  return "unknown";
}

}  // namespace

std::string chip_usage_lines(const hw::ChipImage& image, const hw::ChipSpec& chip) {
  // A recurrent memory entry is one (source, target) pair with a non-zero weight on any synapse.
  std::size_t entries = 0;
  std::size_t fan_out_max = 0;
  std::size_t fan_out_neuron = 0;
  for (std::size_t source = 0; source < image.n_hidden; ++source) {
    std::size_t fan_out = 0;
    for (std::size_t target = 0; target < image.n_hidden; ++target) {
      bool connected = false;
      for (std::size_t syn = 0; syn < image.synapses; ++syn) connected |= image.weight_rec(source, target, syn) != 0;
      fan_out += connected ? 1 : 0;
    }
    entries += fan_out;
    if (fan_out > fan_out_max) {
      fan_out_max = fan_out;
      fan_out_neuron = source;
    }
  }
  std::size_t aliases = 0;
  for (const hw::HiddenNeuronConfig& neuron : image.hidden) aliases += neuron.alias_target >= 0 ? 1 : 0;
  std::string fan_out = "fan-out max " + used_of(fan_out_max, chip.max_fan_out, "targets");
  if (fan_out_max > 0) fan_out += " (hidden neuron " + std::to_string(fan_out_neuron) + ")";
  return report_line("inputs", used_of(image.n_inputs, chip.max_inputs, "channels")) +
         report_line("hidden", used_of(image.n_hidden, chip.max_hidden, "neurons") + ", " +
                                   std::to_string(image.synapses) + " of " +
                                   std::to_string(chip.synapses_per_hidden) + " synapses each") +
         report_line("outputs", used_of(image.n_outputs, chip.max_outputs, "neurons")) +
         report_line("recurrent", used_of(entries, chip.recurrent_memory_entries, "memory entries") + "; " + fan_out) +
         report_line("aliases", group_digits(aliases));
}

std::string chip_groups_table(const hw::ChipImage& image) {
  TextTable table({"node", "kind", "ids", "count"}, {false, false, false, true});
  for (const hw::NeuronGroup& group : image.groups) {
    const std::string ids = group.count == 0 ? "-"
                            : group.count == 1
                                ? std::to_string(group.first)
                                : std::to_string(group.first) + ".." + std::to_string(group.first + group.count - 1);
    table.add_row({group.node, kind_name(group.kind), ids, group_digits(group.count)});
  }
  return table.render("  ");
}

std::string chip_registers_lines(const hw::ChipImage& image) {
  std::vector<int> dash_mem, dash_syn, dash_syn2, hidden_threshold, hidden_bias, out_dash_mem, out_dash_syn,
      out_threshold, out_bias;
  for (const hw::HiddenNeuronConfig& n : image.hidden) {
    dash_mem.push_back(n.dash_mem);
    dash_syn.push_back(n.dash_syn);
    dash_syn2.push_back(n.dash_syn2);
    hidden_threshold.push_back(n.threshold);
    hidden_bias.push_back(n.bias);
  }
  for (const hw::OutputNeuronConfig& n : image.outputs) {
    out_dash_mem.push_back(n.dash_mem);
    out_dash_syn.push_back(n.dash_syn);
    out_threshold.push_back(n.threshold);
    out_bias.push_back(n.bias);
  }
  TextTable table({"neurons", "dash_mem", "dash_syn", "dash_syn2", "threshold", "bias"},
                  {false, true, true, true, true, true});
  table.add_row({"hidden", range_text(dash_mem), range_text(dash_syn),
                 image.synapse2_enable ? range_text(dash_syn2) : "-", range_text(hidden_threshold),
                 range_text(hidden_bias)});
  table.add_row({"output", range_text(out_dash_mem), range_text(out_dash_syn), "-", range_text(out_threshold),
                 range_text(out_bias)});
  return table.render("  ") +
         report_line("weights", "input " + group_digits(nonzero(image.weights_in)) + ", recurrent " +
                                    group_digits(nonzero(image.weights_rec)) + ", output " +
                                    group_digits(nonzero(image.weights_out)) + " non-zero; shifts in " +
                                    std::to_string(image.weight_shift_in) + ", rec " +
                                    std::to_string(image.weight_shift_rec) + ", out " +
                                    std::to_string(image.weight_shift_out)) +
         report_line("flags", std::string("bias ") + (image.bias_enable ? "on" : "off") + ", synapse 2 " +
                                  (image.synapse2_enable ? "on" : "off") + ", dt " + compact(image.dt_s) + " s");
}

}  // namespace reef::cli

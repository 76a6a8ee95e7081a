// validate_image: checks a ChipImage against a ChipSpec — sizes, every register range, input/output expansion zeros,
// recurrent fan-out, fan-in and sparse memory, aliases. Messages name the rule, the neuron (and the graph node it
// came from, via the image's groups), what it needs and what the chip offers.
#include <string>

#include "reef/core/error.hpp"
#include "reef/hw/mapper.hpp"

namespace reef::hw {

namespace {

std::string range_text(const IntRange& range) { return std::to_string(range.min) + ".." + std::to_string(range.max); }

class ImageChecker {
 public:
  ImageChecker(const ChipImage& image, const ChipSpec& chip) : image_(image), chip_(chip) {}

  void run() const {
    check_sizes();
    check_weights();
    check_neurons();
    check_expansion();
    check_recurrent_memory();
    check_aliases();
  }

 private:
  [[noreturn]] void fail(std::string_view rule, const std::string& message) const {
    throw MappingError("rule " + std::string(rule) + ": " + message);
  }

  // "hidden neuron 17 (node 'lif1' #17)"; the node part only when the image's groups name one.
  std::string neuron(NeuronGroup::Kind kind, std::size_t id) const {
    std::string text = kind == NeuronGroup::Kind::input    ? "input " + std::to_string(id)
                       : kind == NeuronGroup::Kind::hidden ? "hidden neuron " + std::to_string(id)
                                                           : "output neuron " + std::to_string(id);
    for (const NeuronGroup& g : image_.groups) {
      if (g.kind == kind && id >= g.first && id < std::size_t{g.first} + g.count) {
        text += " (node '" + g.node + "' #" + std::to_string(id - g.first) + ")";
      }
    }
    return text;
  }

  void check_count(std::string_view rule, std::size_t used, std::uint32_t offered, std::string_view what) const {
    if (used > offered) {
      fail(rule, "the image needs " + std::to_string(used) + " " + std::string(what) + ", " + chip_.name + " has " +
                     std::to_string(offered));
    }
  }

  void check_sizes() const {
    if (image_.chip != chip_.id) {
      fail("chip", "the image is for chip '" + image_.chip + "', not " + chip_.name + " ('" + chip_.id + "')");
    }
    check_count("max_inputs", image_.n_inputs, chip_.max_inputs, "input channels");
    check_count("max_hidden", image_.n_hidden, chip_.max_hidden, "hidden neurons");
    check_count("max_outputs", image_.n_outputs, chip_.max_outputs, "output neurons");
    const std::uint32_t offered = chip_.writes_synapse2 ? chip_.synapses_per_hidden : 1;
    check_count("max_synapses_per_neuron", image_.synapses, offered, "synapses per hidden neuron");
    if (image_.synapses == 0 || image_.synapse2_enable != (image_.synapses == 2)) {
      fail("image_sizes", "the image has " + std::to_string(image_.synapses) + " synapses per neuron with synapse 2 " +
                              (image_.synapse2_enable ? "enabled" : "disabled") +
                              "; synapse 2 is enabled exactly when there are 2");
    }
    const auto size = [&](std::string_view what, std::size_t have, std::size_t want) {
      if (have != want) {
        fail("image_sizes", std::string(what) + " has " + std::to_string(have) + " entries, the image's sizes need " +
                                std::to_string(want));
      }
    };
    size("weights_in", image_.weights_in.size(), image_.n_inputs * image_.n_hidden * image_.synapses);
    size("weights_rec", image_.weights_rec.size(), image_.n_hidden * image_.n_hidden * image_.synapses);
    size("weights_out", image_.weights_out.size(), image_.n_hidden * image_.n_outputs);
    size("hidden neurons", image_.hidden.size(), image_.n_hidden);
    size("output neurons", image_.outputs.size(), image_.n_outputs);
  }

  void check_weights() const {
    const auto check = [&](std::string_view memory, const std::vector<std::int8_t>& weights) {
      for (std::size_t k = 0; k < weights.size(); ++k) {
        if (!chip_.weight.contains(weights[k])) {
          fail("weight_range", std::string(memory) + " entry " + std::to_string(k) + " needs " +
                                   std::to_string(weights[k]) + ", " + chip_.name + " weights are " +
                                   range_text(chip_.weight));
        }
      }
    };
    check("weights_in", image_.weights_in);
    check("weights_rec", image_.weights_rec);
    check("weights_out", image_.weights_out);
    const auto shift = [&](std::string_view which, std::int32_t value) {
      if (!chip_.weight_shift.contains(value)) {
        fail("weight_shift_range", std::string(which) + " needs " + std::to_string(value) + ", " + chip_.name +
                                       " offers " + range_text(chip_.weight_shift));
      }
    };
    shift("weight_shift_in", image_.weight_shift_in);
    shift("weight_shift_rec", image_.weight_shift_rec);
    shift("weight_shift_out", image_.weight_shift_out);
  }

  void check_register(std::string_view rule, const std::string& who, std::string_view what, std::int64_t value,
                      const IntRange& range) const {
    if (!range.contains(value)) {
      fail(rule, who + " " + std::string(what) + " needs " + std::to_string(value) + ", " + chip_.name + " offers " +
                     range_text(range));
    }
  }

  template <typename Config>
  void check_neuron(const std::string& who, const Config& c) const {
    check_register("dash_range", who, "dash_mem", c.dash_mem, chip_.dash);
    check_register("dash_range", who, "dash_syn", c.dash_syn, chip_.dash);
    check_register("threshold_range", who, "threshold", c.threshold, chip_.threshold);
    check_register("bias_range", who, "bias", c.bias, chip_.bias);
    if (c.bias != 0 && !chip_.has_bias) fail("bias", who + " has a bias, " + chip_.name + " neurons have none");
    if (c.bias != 0 && !image_.bias_enable) {
      fail("bias_enable", who + " has bias " + std::to_string(c.bias) + " but the image disables biases");
    }
  }

  void check_neurons() const {
    for (std::size_t n = 0; n < image_.hidden.size(); ++n) {
      const HiddenNeuronConfig& c = image_.hidden[n];
      const std::string who = neuron(NeuronGroup::Kind::hidden, n);
      check_neuron(who, c);
      check_register("dash_range", who, "dash_syn2", c.dash_syn2, chip_.dash);
      if (!image_.synapse2_enable && c.dash_syn2 != 0) {
        fail("image_sizes", who + " has dash_syn2 " + std::to_string(c.dash_syn2) + " but synapse 2 is disabled");
      }
    }
    for (std::size_t n = 0; n < image_.outputs.size(); ++n) {
      check_neuron(neuron(NeuronGroup::Kind::output, n), image_.outputs[n]);
    }
  }

  // Inputs reach the first `input_expansion_neurons` hidden ids; the last `output_expansion_neurons` drive outputs.
  void check_expansion() const {
    if (chip_.input_expansion_neurons != 0) {
      for (std::size_t i = 0; i < image_.n_inputs; ++i) {
        for (std::size_t h = chip_.input_expansion_neurons; h < image_.n_hidden; ++h) {
          for (std::size_t s = 0; s < image_.synapses; ++s) {
            if (image_.weight_in(i, h, s) != 0) {
              fail("input_expansion", neuron(NeuronGroup::Kind::input, i) + " → " +
                                          neuron(NeuronGroup::Kind::hidden, h) + " needs an input weight, " +
                                          chip_.name + " inputs reach hidden ids 0.." +
                                          std::to_string(chip_.input_expansion_neurons - 1) + " only");
            }
          }
        }
      }
    }
    if (chip_.output_expansion_neurons != 0 && image_.n_hidden > chip_.output_expansion_neurons) {
      const std::size_t first_oen = image_.n_hidden - chip_.output_expansion_neurons;
      for (std::size_t h = 0; h < first_oen; ++h) {
        for (std::size_t o = 0; o < image_.n_outputs; ++o) {
          if (image_.weight_out(h, o) != 0) {
            fail("output_expansion",
                 neuron(NeuronGroup::Kind::hidden, h) + " → " + neuron(NeuronGroup::Kind::output, o) +
                     " needs an output weight, " + chip_.name + " outputs are driven by the last " +
                     std::to_string(chip_.output_expansion_neurons) + " hidden ids (" + std::to_string(first_oen) +
                     ".." + std::to_string(image_.n_hidden - 1) + " of " + std::to_string(image_.n_hidden) + ")");
          }
        }
      }
    }
  }

  // Recurrent weights are stored sparsely: one (target, weights of every synapse) entry per connected pair.
  void check_recurrent_memory() const {
    const std::size_t n = image_.n_hidden;
    std::vector<std::vector<std::size_t>> fan_in(n, std::vector<std::size_t>(image_.synapses, 0));
    std::size_t entries = 0;
    for (std::size_t source = 0; source < n; ++source) {
      std::size_t fan_out = 0;
      for (std::size_t target = 0; target < n; ++target) {
        bool connected = false;
        for (std::size_t s = 0; s < image_.synapses; ++s) {
          if (image_.weight_rec(source, target, s) == 0) continue;
          connected = true;
          ++fan_in[target][s];
        }
        fan_out += connected ? 1 : 0;
      }
      if (fan_out > chip_.max_fan_out) {
        fail("max_fan_out", neuron(NeuronGroup::Kind::hidden, source) + " needs " + std::to_string(fan_out) +
                                " recurrent targets, " + chip_.name + " has " + std::to_string(chip_.max_fan_out) +
                                " per neuron");
      }
      entries += fan_out;
    }
    if (chip_.max_fan_in != 0) {
      for (std::size_t target = 0; target < n; ++target) {
        for (std::size_t s = 0; s < image_.synapses; ++s) {
          if (fan_in[target][s] > chip_.max_fan_in) {
            fail("max_fan_in", neuron(NeuronGroup::Kind::hidden, target) + " synapse " + std::to_string(s) + " needs " +
                                   std::to_string(fan_in[target][s]) + " recurrent sources, " + chip_.name + " has " +
                                   std::to_string(chip_.max_fan_in) + " per synapse");
          }
        }
      }
    }
    if (entries > chip_.recurrent_memory_entries) {
      fail("recurrent_memory_entries", "the image needs " + std::to_string(entries) +
                                           " recurrent (source, target) entries, " + chip_.name + " has " +
                                           std::to_string(chip_.recurrent_memory_entries));
    }
  }

  void check_aliases() const {
    for (std::size_t n = 0; n < image_.hidden.size(); ++n) {
      const std::int32_t target = image_.hidden[n].alias_target;
      if (target == -1) continue;
      const std::string who = neuron(NeuronGroup::Kind::hidden, n);
      if (chip_.max_alias_targets == 0) fail("max_alias_targets", who + " has an alias, " + chip_.name + " has none");
      if (target < 0 || static_cast<std::size_t>(target) >= image_.n_hidden || static_cast<std::size_t>(target) == n) {
        fail("alias_target", who + " has alias target " + std::to_string(target) +
                                 "; it must be another hidden id in 0.." + std::to_string(image_.n_hidden - 1) +
                                 " (or -1 for none)");
      }
    }
  }

  const ChipImage& image_;
  const ChipSpec& chip_;
};

}  // namespace

void validate_image(const ChipImage& image, const ChipSpec& chip) { ImageChecker(image, chip).run(); }

}  // namespace reef::hw

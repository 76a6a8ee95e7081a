// ChipImage ↔ reef.chip.v1.ChipConfig (proto/chip_config.proto): deterministic binary bytes, protobuf text format,
// and the checks a decoded configuration passes before anyone runs it (schema version, known chip, consistent
// sizes, then validate_image). The only file of reef_hw that includes the generated protobuf code.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "chip_config.pb.h"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/mapper.hpp"
#include "sha256.hpp"

namespace reef::hw {
namespace {

namespace pb = reef::chip::v1;

std::string bytes_of(const std::int8_t* data, std::size_t count) {
  return std::string(reinterpret_cast<const char*>(data), count);
}

// One synapse plane [rows][cols] out of an interleaved [rows][cols][synapses] array.
std::string plane(const std::vector<std::int8_t>& interleaved, std::size_t synapses, std::size_t syn) {
  std::string out(interleaved.size() / synapses, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(interleaved[i * synapses + syn]);
  return out;
}

pb::GroupKind to_proto(NeuronGroup::Kind kind) {
  switch (kind) {
    case NeuronGroup::Kind::input: return pb::GROUP_KIND_INPUT;
    case NeuronGroup::Kind::hidden: return pb::GROUP_KIND_HIDDEN;
    case NeuronGroup::Kind::output: return pb::GROUP_KIND_OUTPUT;
  }
  return pb::GROUP_KIND_UNSPECIFIED;
}

// Builds the message field by field in field-number order, so equal images give equal messages.
pb::ChipConfig to_message(const ChipImage& image) {
  REEF_ASSERT(image.synapses == 1 || image.synapses == 2, "a chip image has 1 or 2 synapses per hidden neuron");
  const std::size_t syn = image.synapses;
  REEF_ASSERT(image.weights_in.size() == image.n_inputs * image.n_hidden * syn &&
                  image.weights_rec.size() == image.n_hidden * image.n_hidden * syn &&
                  image.weights_out.size() == image.n_hidden * image.n_outputs &&
                  image.hidden.size() == image.n_hidden && image.outputs.size() == image.n_outputs,
              "a chip image's arrays match its sizes");
  pb::ChipConfig m;
  m.set_schema_version(kChipConfigSchemaVersion);
  m.set_chip(image.chip);
  m.set_part(image.part);
  m.set_revision(image.chip_revision);
  pb::Sizes* sizes = m.mutable_sizes();
  sizes->set_inputs(static_cast<std::uint32_t>(image.n_inputs));
  sizes->set_hidden(static_cast<std::uint32_t>(image.n_hidden));
  sizes->set_outputs(static_cast<std::uint32_t>(image.n_outputs));
  sizes->set_synapses(static_cast<std::uint32_t>(syn));
  m.mutable_input()->set_syn1(plane(image.weights_in, syn, 0));
  if (syn == 2) m.mutable_input()->set_syn2(plane(image.weights_in, syn, 1));
  pb::RecurrentMemory* recurrent = m.mutable_recurrent();
  for (std::size_t source = 0; source < image.n_hidden; ++source) {
    pb::FanOut* fan_out = recurrent->add_sources();
    std::string syn1, syn2;
    for (std::size_t target = 0; target < image.n_hidden; ++target) {
      const std::int8_t w1 = image.weight_rec(source, target, 0);
      const std::int8_t w2 = syn == 2 ? image.weight_rec(source, target, 1) : std::int8_t{0};
      if (w1 == 0 && w2 == 0) continue;
      fan_out->add_targets(static_cast<std::uint32_t>(target));
      syn1.push_back(static_cast<char>(w1));
      if (syn == 2) syn2.push_back(static_cast<char>(w2));
    }
    fan_out->set_syn1(syn1);
    fan_out->set_syn2(syn2);
  }
  m.mutable_readout()->set_weights(bytes_of(image.weights_out.data(), image.weights_out.size()));
  pb::WeightShifts* shifts = m.mutable_weight_shift();
  shifts->set_input(image.weight_shift_in);
  shifts->set_recurrent(image.weight_shift_rec);
  shifts->set_output(image.weight_shift_out);
  for (const HiddenNeuronConfig& n : image.hidden) {
    pb::HiddenNeuron* h = m.add_hidden_neurons();
    h->set_dash_mem(n.dash_mem);
    h->set_dash_syn(n.dash_syn);
    h->set_dash_syn2(n.dash_syn2);
    h->set_threshold(n.threshold);
    h->set_bias(n.bias);
    if (n.alias_target >= 0) h->set_alias_target(static_cast<std::uint32_t>(n.alias_target));
  }
  for (const OutputNeuronConfig& n : image.outputs) {
    pb::OutputNeuron* o = m.add_output_neurons();
    o->set_dash_mem(n.dash_mem);
    o->set_dash_syn(n.dash_syn);
    o->set_threshold(n.threshold);
    o->set_bias(n.bias);
  }
  pb::GlobalRegisters* globals = m.mutable_globals();
  globals->set_bias_enable(image.bias_enable);
  globals->set_synapse2_enable(image.synapse2_enable);
  globals->set_dt_s(image.dt_s);
  for (const NeuronGroup& g : image.groups) {
    pb::Group* group = m.add_groups();
    group->set_node(g.node);
    group->set_kind(to_proto(g.kind));
    group->set_first(g.first);
    group->set_count(g.count);
  }
  pb::Provenance* provenance = m.mutable_provenance();
  provenance->set_source_model(image.provenance.source_model);
  provenance->set_source_hash(image.provenance.source_hash);
  provenance->set_reef_version(image.provenance.reef_version);
  provenance->set_quantization(image.provenance.quantization);
  provenance->set_weight_bits(image.provenance.weight_bits);
  provenance->set_threshold_bits(image.provenance.threshold_bits);
  return m;
}

// Decoding errors all name the origin; `offset` is the byte where the problem starts (0 when it is the whole file).
[[noreturn]] void fail(const std::string& origin, std::uint64_t offset, const std::string& what) {
  throw FormatError(origin, offset, what);
}

// Where the top-level wire structure first breaks (a field that cannot be read whole), for FormatError's offset.
std::uint64_t first_broken_field(std::string_view bytes) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  for (;;) {
    const int at = in.CurrentPosition();
    const std::uint32_t tag = in.ReadTag();
    if (tag == 0) return static_cast<std::uint64_t>(at);
    if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) return static_cast<std::uint64_t>(at);
  }
}

const ChipSpec& chip_named(const pb::ChipConfig& m, const std::string& origin) {
  const std::vector<ChipSpec>& chips = builtin_chips();
  const auto found = std::find_if(chips.begin(), chips.end(), [&](const ChipSpec& c) { return c.id == m.chip(); });
  if (found == chips.end()) {
    std::string known;
    for (const ChipSpec& c : chips) known += (known.empty() ? "" : ", ") + c.id;
    fail(origin, 0, "configuration for chip '" + m.chip() + "', which this reef does not know (it knows: " + known +
                        "); update reef or map the model for one of these chips");
  }
  if (m.part() != found->part || m.revision() != found->revision) {
    throw MappingError(origin + ": configuration for " + m.chip() + " part " + m.part() + " revision " +
                       std::to_string(m.revision()) + ", but this reef's " + found->name + " is part " +
                       found->part + " revision " + std::to_string(found->revision) +
                       ": map the model again for this chip");
  }
  return *found;
}

void require_size(const std::string& origin, std::size_t have, std::size_t want, const std::string& what) {
  if (have != want) {
    fail(origin, 0, what + " has " + std::to_string(have) + " entries, the sizes say " + std::to_string(want) +
                        ": the configuration is inconsistent (damaged or not written by reef)");
  }
}

void check_limit(const std::string& origin, const std::string& rule, std::size_t used, std::uint32_t limit,
                 const ChipSpec& chip, const std::string& what) {
  if (used > limit) {
    throw MappingError(origin + ": rule " + rule + ": the configuration uses " + std::to_string(used) + " " + what +
                       ", " + chip.name + " has " + std::to_string(limit));
  }
}

// Interleaves planes [rows][cols] into [rows][cols][synapses].
void interleave(const std::string& plane_bytes, std::size_t synapses, std::size_t syn, std::vector<std::int8_t>& out) {
  for (std::size_t i = 0; i < plane_bytes.size(); ++i) {
    out[i * synapses + syn] = static_cast<std::int8_t>(plane_bytes[i]);
  }
}

NeuronGroup::Kind group_kind(pb::GroupKind kind, const std::string& origin, const std::string& node) {
  switch (kind) {
    case pb::GROUP_KIND_INPUT: return NeuronGroup::Kind::input;
    case pb::GROUP_KIND_HIDDEN: return NeuronGroup::Kind::hidden;
    case pb::GROUP_KIND_OUTPUT: return NeuronGroup::Kind::output;
    default: fail(origin, 0, "group '" + node + "' has no valid kind (input, hidden or output)");
  }
}

std::uint8_t dash_register(std::uint32_t value, const std::string& origin, const std::string& what) {
  if (value > 255) fail(origin, 0, what + " is " + std::to_string(value) + ", far outside any dash register");
  return static_cast<std::uint8_t>(value);
}

// Checked before anything else: a newer file may use fields this reef cannot read.
void check_schema(const pb::ChipConfig& m, const std::string& origin) {
  if (m.schema_version() == 0) {
    fail(origin, 0, "not a reef chip configuration (no schema_version): expected a chip.pb written by `reef map`");
  }
  if (m.schema_version() > kChipConfigSchemaVersion) {
    fail(origin, 0, "written by a newer reef (schema " + std::to_string(m.schema_version()) +
                        "); this reef reads schema " + std::to_string(kChipConfigSchemaVersion) + ": update reef");
  }
}

// reef writes every section, provenance (the highest field number) last: a file cut between two fields parses as
// valid protobuf, so a missing section is the sign of truncation.
void check_complete(const pb::ChipConfig& m, const std::string& origin, std::uint64_t end) {
  const std::pair<bool, const char*> sections[] = {
      {m.has_sizes(), "sizes"},     {m.has_input(), "input"},   {m.has_recurrent(), "recurrent"},
      {m.has_readout(), "readout"}, {m.has_weight_shift(), "weight_shift"},
      {m.has_globals(), "globals"}, {m.has_provenance(), "provenance"}};
  for (const auto& [present, name] : sections) {
    if (!present) {
      fail(origin, end, std::string("incomplete chip configuration: no '") + name + "' section (truncated?)");
    }
  }
}

ChipImage from_message(const pb::ChipConfig& m, const std::string& origin) {
  const ChipSpec& chip = chip_named(m, origin);
  ChipImage image;
  image.chip = m.chip();
  image.part = m.part();
  image.chip_revision = m.revision();
  image.n_inputs = m.sizes().inputs();
  image.n_hidden = m.sizes().hidden();
  image.n_outputs = m.sizes().outputs();
  image.synapses = m.sizes().synapses();
  if (image.synapses != 1 && image.synapses != 2) {
    fail(origin, 0, "sizes.synapses is " + std::to_string(image.synapses) + ": a hidden neuron has 1 or 2 synapses");
  }
  // Limits first: the dense arrays below are sized from these numbers.
  check_limit(origin, "max_inputs", image.n_inputs, chip.max_inputs, chip, "input channels");
  check_limit(origin, "max_hidden", image.n_hidden, chip.max_hidden, chip, "hidden neurons");
  check_limit(origin, "max_outputs", image.n_outputs, chip.max_outputs, chip, "output neurons");
  check_limit(origin, "synapses_per_hidden", image.synapses, chip.synapses_per_hidden, chip, "synapses per neuron");
  const std::size_t syn = image.synapses;
  const std::size_t in_plane = image.n_inputs * image.n_hidden;
  require_size(origin, m.input().syn1().size(), in_plane, "input weights (syn1)");
  require_size(origin, m.input().syn2().size(), syn == 2 ? in_plane : 0, "input weights (syn2)");
  image.weights_in.assign(in_plane * syn, 0);
  interleave(m.input().syn1(), syn, 0, image.weights_in);
  if (syn == 2) interleave(m.input().syn2(), syn, 1, image.weights_in);

  require_size(origin, static_cast<std::size_t>(m.recurrent().sources_size()), image.n_hidden, "recurrent memory");
  image.weights_rec.assign(image.n_hidden * image.n_hidden * syn, 0);
  for (std::size_t source = 0; source < image.n_hidden; ++source) {
    const pb::FanOut& fan_out = m.recurrent().sources(static_cast<int>(source));
    const std::string where = "recurrent fan-out of hidden neuron " + std::to_string(source);
    const auto count = static_cast<std::size_t>(fan_out.targets_size());
    require_size(origin, fan_out.syn1().size(), count, where + " (syn1 weights)");
    require_size(origin, fan_out.syn2().size(), syn == 2 ? count : 0, where + " (syn2 weights)");
    for (std::size_t e = 0; e < count; ++e) {
      const std::uint32_t target = fan_out.targets(static_cast<int>(e));
      if (target >= image.n_hidden || (e > 0 && target <= fan_out.targets(static_cast<int>(e - 1)))) {
        fail(origin, 0, where + ": target " + std::to_string(target) + " is out of range (" +
                            std::to_string(image.n_hidden) + " hidden neurons) or not in ascending order");
      }
      const std::size_t at = (source * image.n_hidden + target) * syn;
      image.weights_rec[at] = static_cast<std::int8_t>(fan_out.syn1()[e]);
      if (syn == 2) image.weights_rec[at + 1] = static_cast<std::int8_t>(fan_out.syn2()[e]);
    }
  }
  require_size(origin, m.readout().weights().size(), image.n_hidden * image.n_outputs, "output weights");
  image.weights_out.resize(m.readout().weights().size());
  if (!image.weights_out.empty()) {
    std::memcpy(image.weights_out.data(), m.readout().weights().data(), image.weights_out.size());
  }
  image.weight_shift_in = m.weight_shift().input();
  image.weight_shift_rec = m.weight_shift().recurrent();
  image.weight_shift_out = m.weight_shift().output();

  require_size(origin, static_cast<std::size_t>(m.hidden_neurons_size()), image.n_hidden, "hidden neuron registers");
  for (const pb::HiddenNeuron& h : m.hidden_neurons()) {
    HiddenNeuronConfig n;
    const std::string which = "hidden neuron " + std::to_string(image.hidden.size());
    n.dash_mem = dash_register(h.dash_mem(), origin, which + " dash_mem");
    n.dash_syn = dash_register(h.dash_syn(), origin, which + " dash_syn");
    n.dash_syn2 = dash_register(h.dash_syn2(), origin, which + " dash_syn2");
    n.threshold = h.threshold();
    n.bias = h.bias();
    if (h.has_alias_target()) {
      if (h.alias_target() >= image.n_hidden) {
        fail(origin, 0, which + " aliases to hidden id " + std::to_string(h.alias_target()) + ", but there are " +
                            std::to_string(image.n_hidden) + " hidden neurons");
      }
      n.alias_target = static_cast<std::int32_t>(h.alias_target());
    }
    image.hidden.push_back(n);
  }
  require_size(origin, static_cast<std::size_t>(m.output_neurons_size()), image.n_outputs, "output neuron registers");
  for (const pb::OutputNeuron& o : m.output_neurons()) {
    OutputNeuronConfig n;
    const std::string which = "output neuron " + std::to_string(image.outputs.size());
    n.dash_mem = dash_register(o.dash_mem(), origin, which + " dash_mem");
    n.dash_syn = dash_register(o.dash_syn(), origin, which + " dash_syn");
    n.threshold = o.threshold();
    n.bias = o.bias();
    image.outputs.push_back(n);
  }
  image.bias_enable = m.globals().bias_enable();
  image.synapse2_enable = m.globals().synapse2_enable();
  image.dt_s = m.globals().dt_s();
  for (const pb::Group& g : m.groups()) {
    image.groups.push_back({g.node(), group_kind(g.kind(), origin, g.node()), g.first(), g.count()});
  }
  image.provenance.source_model = m.provenance().source_model();
  image.provenance.source_hash = m.provenance().source_hash();
  image.provenance.reef_version = m.provenance().reef_version();
  image.provenance.quantization = m.provenance().quantization();
  image.provenance.weight_bits = m.provenance().weight_bits();
  image.provenance.threshold_bits = m.provenance().threshold_bits();
  try {
    validate_image(image, chip);
  } catch (const MappingError& e) {
    throw MappingError(origin + ": " + e.what());
  }
  return image;
}

// Collects the first text-format error with its position.
class TextErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) {
      line_ = line + 1;
      column_ = column + 1;
      message_ = message;
    }
  }
  void AddWarning(int, int, const std::string&) override {}
  [[noreturn]] void raise(const std::string& origin) const {
    throw ConfigError(origin, line_, column_, "not a chip configuration in protobuf text format: " + message_);
  }

 private:
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

}  // namespace

std::string encode_chip_image(const ChipImage& image) {
  const pb::ChipConfig m = to_message(image);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    REEF_ASSERT(m.SerializeToCodedStream(&coded), "serializing a complete ChipConfig cannot fail");
  }
  return bytes;
}

std::string chip_image_to_text(const ChipImage& image) {
  std::string text;
  REEF_ASSERT(google::protobuf::TextFormat::PrintToString(to_message(image), &text), "text format cannot fail");
  return text;
}

ChipImage decode_chip_image(std::string_view bytes, const std::string& origin) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    fail(origin, 0, "too large for a chip configuration (" + std::to_string(bytes.size()) + " bytes)");
  }
  pb::ChipConfig m;
  const google::protobuf::LogSilencer quiet;  // damage is reported below, not as protobuf's own stderr lines
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    fail(origin, first_broken_field(bytes),
         "not a chip configuration: the protobuf data is damaged or truncated (" + std::to_string(bytes.size()) +
             " bytes); expected a chip.pb written by `reef map`");
  }
  check_schema(m, origin);
  check_complete(m, origin, bytes.size());
  if (m.GetReflection()->GetUnknownFields(m).field_count() > 0) {
    fail(origin, 0, "not a chip configuration of schema " + std::to_string(kChipConfigSchemaVersion) +
                        ": it has fields this schema does not define");
  }
  return from_message(m, origin);
}

ChipImage chip_image_from_text(std::string_view text, const std::string& origin) {
  const std::string input(text);
  pb::ChipConfig m;
  google::protobuf::TextFormat::Parser parser;
  TextErrors errors;
  parser.RecordErrorsTo(&errors);
  // A lenient first pass finds the schema version even in a newer file; the strict pass then rejects unknown fields.
  parser.AllowUnknownField(true);
  if (parser.ParseFromString(input, &m)) check_schema(m, origin);
  parser.AllowUnknownField(false);
  if (!parser.ParseFromString(input, &m)) errors.raise(origin);
  check_schema(m, origin);
  check_complete(m, origin, input.size());
  return from_message(m, origin);
}

std::string chip_image_hash(const ChipImage& image) { return sha256_hex(encode_chip_image(image)); }

}  // namespace reef::hw

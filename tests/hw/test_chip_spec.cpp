// Chip specs: the built-in Xylo chips carry the reference's limits (rockpool_xylo.md §5.1/§5.6), `--chip` finds them
// by id, alias or path, and a broken spec file fails at its line and column naming the key.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "reef/core/error.hpp"
#include "reef/hw/chip_spec.hpp"
#include "scratch_dir.hpp"

using reef::hw::ChipSpec;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::filesystem::path kAudio2 = std::filesystem::path(REEF_SOURCE_DIR) / "configs/chips/xylo-audio2.yaml";

// The Audio 2 spec text with `from` replaced by `to` (which must occur once).
std::string audio2_with(const std::string& from, const std::string& to) {
  std::string text = read_text(kAudio2);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string parse_error(const std::string& text) {
  try {
    reef::hw::parse_chip_spec(text, "spec.yaml");
  } catch (const reef::ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError");
  return {};
}

}  // namespace

TEST_CASE("lists_the_three_xylo_chips_built_in_with_the_reference_limits") {
  const auto& chips = reef::hw::builtin_chips();
  REQUIRE(chips.size() == 3);
  CHECK(chips[0].id == "xylo-audio2");
  CHECK(chips[1].id == "xylo-audio3");
  CHECK(chips[2].id == "xylo-imu");

  const ChipSpec& a2 = chips[0];  // §5.1 table, Audio 2 column
  CHECK(a2.part == "SYNS61201");
  CHECK(a2.max_inputs == 16);
  CHECK(a2.max_hidden == 1000);
  CHECK(a2.max_outputs == 8);
  CHECK(a2.synapses_per_hidden == 2);
  CHECK(a2.writes_synapse2);
  CHECK(a2.input_expansion_neurons == 0);
  CHECK(a2.max_fan_out == 64);
  CHECK(a2.recurrent_memory_entries == 32000);
  CHECK(a2.max_input_events_per_step == 15);
  CHECK(a2.max_hidden_spikes_per_step == 31);
  CHECK(a2.max_output_spikes_per_step == 1);
  CHECK(a2.weight.min == -128);
  CHECK(a2.weight.max == 127);
  CHECK(a2.threshold.max == 32767);
  CHECK(a2.dash.max == 15);
  CHECK(a2.bias.min == -128);
  REQUIRE(a2.memory.size() == 17);  // §5.6: IWTRAM .. OWTRAM
  CHECK(a2.memory.front().name == "IWTRAM");
  CHECK(a2.memory.front().base == 0x100);
  CHECK(a2.memory.back().name == "OWTRAM");
  CHECK(a2.memory.back().base == 0x22020);
  CHECK(a2.memory.back().words == 8000);

  const ChipSpec& a3 = chips[1];
  CHECK(a3.max_hidden == 992);
  CHECK(a3.max_outputs == 32);
  CHECK(a3.input_expansion_neurons == 128);
  CHECK(a3.output_expansion_neurons == 128);
  CHECK(a3.max_fan_out == 1024);
  CHECK_FALSE(a3.writes_synapse2);

  const ChipSpec& imu = chips[2];
  CHECK(imu.max_hidden == 496);
  CHECK(imu.max_outputs == 16);
  CHECK(imu.synapses_per_hidden == 1);
  CHECK(imu.max_fan_out == 512);
}

TEST_CASE("finds_a_chip_by_id_alias_in_any_case_or_spec_file_path") {
  CHECK(reef::hw::find_chip("xylo-audio2").id == "xylo-audio2");
  CHECK(reef::hw::find_chip("vA2").id == "xylo-audio2");
  CHECK(reef::hw::find_chip("SYNS61201").id == "xylo-audio2");
  CHECK(reef::hw::find_chip("va3").id == "xylo-audio3");
  CHECK(reef::hw::find_chip("imu").id == "xylo-imu");

  reef::test::ScratchDir dir;
  const auto path = dir.path() / "mychip.yaml";
  std::ofstream(path) << audio2_with("id: xylo-audio2", "id: my-chip");
  CHECK(reef::hw::find_chip(path.string()).id == "my-chip");
  CHECK(reef::hw::load_chip_spec(kAudio2) == reef::hw::builtin_chips()[0]);
}

TEST_CASE("an_unknown_chip_name_lists_the_built_in_chips") {
  try {
    reef::hw::find_chip("xylo-audio9");
    FAIL("no error");
  } catch (const reef::UsageError& e) {
    const std::string message = e.what();
    CHECK(message.find("xylo-audio9") != std::string::npos);
    CHECK(message.find("xylo-audio2 (syns61201, vA2)") != std::string::npos);
    CHECK(message.find("xylo-imu") != std::string::npos);
  }
}

TEST_CASE("a_broken_spec_file_fails_at_the_line_and_key_at_fault") {
  // Line numbers in xylo-audio2.yaml: `hidden: 1000` is line 12, `synapses_per_hidden` 14, `dash: [0, 15]` 35.
  SUBCASE("a value out of its range") {
    const std::string message = parse_error(audio2_with("synapses_per_hidden: 2 ", "synapses_per_hidden: 3 "));
    CHECK(message.find("spec.yaml:14:") == 0);
    CHECK(message.find("neurons.synapses_per_hidden: expected an integer in 1..2, got \"3\"") != std::string::npos);
  }
  SUBCASE("an unknown key, with the allowed ones") {
    const std::string message = parse_error(audio2_with("  hidden: 1000", "  hiden: 1000"));
    CHECK(message.find("spec.yaml:12:3: neurons: unknown key \"hiden\"") == 0);
    CHECK(message.find("expected one of inputs, hidden") != std::string::npos);
  }
  SUBCASE("a missing key") {
    const std::string message = parse_error(audio2_with("  output: 1 ", "  "));
    CHECK(message.find("events_per_step: missing key \"output\"") != std::string::npos);
  }
  SUBCASE("a range whose minimum is above its maximum") {
    const std::string message = parse_error(audio2_with("dash: [0, 15]", "dash: [15, 0]"));
    CHECK(message.find("spec.yaml:35:") == 0);
    CHECK(message.find("ranges.dash: min 15 is above max 0") != std::string::npos);
  }
  SUBCASE("a hexadecimal address that is not a number") {
    const std::string message = parse_error(audio2_with("base: 0x00100", "base: 0x0010G"));
    CHECK(message.find("memory[0].base: expected an integer") != std::string::npos);
  }
  SUBCASE("text that is not YAML") {
    CHECK(parse_error("id: [unclosed\n").find("spec.yaml:") == 0);
    CHECK(parse_error(",\n").find("spec.yaml:1:1: expected a mapping") == 0);  // yaml-cpp 0.7 loops on LoadAll
  }
}

// The chip configuration file: ChipImage → bytes → ChipImage is the identity, encoding is deterministic and equal to
// the bytes Python's protobuf writes for the same message (tests/data/chip/make_chip_golden.py), the text format
// round-trips, and damaged, foreign or newer files fail with a message that says what to do.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "scratch_dir.hpp"
#include "text_helpers.hpp"

using namespace reef::hw;

namespace {

using reef::test::read_bytes;

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The image make_chip_golden.py builds: 2 inputs, 3 hidden neurons with 2 synapses, 2 outputs on Xylo Audio 2.
ChipImage small_image() {
  ChipImage image;
  image.chip = "xylo-audio2";
  image.part = "SYNS61201";
  image.chip_revision = 1;
  image.n_inputs = 2;
  image.n_hidden = 3;
  image.n_outputs = 2;
  image.synapses = 2;
  // [input][hidden][syn]
  image.weights_in = {10, -5, 0, 127, -128, 0, 1, 2, 0, 0, 3, -4};
  // [source][target][syn]: 0 → 1 (20, 0), 1 → 2 (0, −7), 2 → 0 (5, 6).
  image.weights_rec.assign(3 * 3 * 2, 0);
  image.weights_rec[(0 * 3 + 1) * 2 + 0] = 20;
  image.weights_rec[(1 * 3 + 2) * 2 + 1] = -7;
  image.weights_rec[(2 * 3 + 0) * 2 + 0] = 5;
  image.weights_rec[(2 * 3 + 0) * 2 + 1] = 6;
  image.weights_out = {0, 50, -60, 0, 1, 2};
  image.weight_shift_in = 1;
  image.weight_shift_rec = 0;
  image.weight_shift_out = 2;
  image.hidden = {{3, 2, 4, 100, -3, -1}, {4, 1, 5, 2000, 0, 2}, {15, 15, 1, 32767, 127, -1}};
  image.outputs = {{2, 1, 8192, 0}, {1, 3, 50, -128}};
  image.bias_enable = true;
  image.synapse2_enable = true;
  image.dt_s = 1e-3;
  image.groups = {{"input", NeuronGroup::Kind::input, 0, 2},
                  {"lif1", NeuronGroup::Kind::hidden, 0, 3},
                  {"lif2", NeuronGroup::Kind::output, 0, 2}};
  image.provenance = {"tiny.nir", "0123456789abcdef", "0.1.0", "global", 8, 16};
  return image;
}

const std::filesystem::path kGolden = std::filesystem::path(REEF_TEST_DATA_DIR) / "chip" / "small_image.pb";

}  // namespace

TEST_CASE("a_chip_image_survives_encoding_and_decoding_unchanged") {
  const ChipImage image = small_image();
  const std::string bytes = encode_chip_image(image);
  CHECK(decode_chip_image(bytes, "chip.pb") == image);
  CHECK(encode_chip_image(image) == bytes);  // encoding twice gives the same bytes
}

TEST_CASE("encoding_equals_the_bytes_python_protobuf_writes_for_the_same_configuration") {
  // tests/data/chip/make_chip_golden.py builds the same message with python3-protobuf; it printed this hash.
  const std::string golden = read_bytes(kGolden);
  REQUIRE(golden.size() == 270);
  CHECK(encode_chip_image(small_image()) == golden);
  CHECK(chip_image_hash(small_image()) == "e6b6cbc67d73fb4f43a00094303515b9c472b60e6054779dbe6213ecb32a5bd4");
  CHECK(decode_chip_image(golden, kGolden.string()) == small_image());
}

TEST_CASE("the_hash_changes_with_any_register") {
  ChipImage changed = small_image();
  changed.hidden[2].threshold = 32766;
  CHECK(chip_image_hash(changed) != chip_image_hash(small_image()));
}

TEST_CASE("a_one_synapse_image_round_trips_without_synapse_two_planes") {
  ChipImage image = small_image();
  image.synapses = 1;
  image.synapse2_enable = false;
  image.weights_in = {10, 0, -128, 1, 0, 3};
  image.weights_rec = {0, 20, 0, 0, 0, 0, 5, 0, 0};
  for (HiddenNeuronConfig& h : image.hidden) h.dash_syn2 = 0;
  CHECK(decode_chip_image(encode_chip_image(image), "one.pb") == image);
}

TEST_CASE("the_text_format_round_trips_and_reads_as_registers") {
  const std::string text = chip_image_to_text(small_image());
  CHECK(text.find("chip: \"xylo-audio2\"") != std::string::npos);
  CHECK(text.find("alias_target: 2") != std::string::npos);
  CHECK(text.find("threshold: 32767") != std::string::npos);
  CHECK(chip_image_from_text(text, "chip.txtpb") == small_image());
}

TEST_CASE("garbage_and_truncated_files_are_format_errors_with_an_offset") {
  CHECK_THROWS_AS(decode_chip_image("this is not a chip configuration at all", "junk.pb"), reef::FormatError);
  CHECK_THROWS_AS(decode_chip_image("", "empty.pb"), reef::FormatError);  // no schema_version
  const std::string bytes = encode_chip_image(small_image());
  // Cut inside the hidden neuron registers: the damaged field starts where it was cut off.
  const std::string cut = bytes.substr(0, bytes.size() - 60);
  try {
    decode_chip_image(cut, "cut.pb");
    FAIL("a truncated file decoded");
  } catch (const reef::FormatError& e) {
    CHECK(e.file() == "cut.pb");
    CHECK(e.offset() > 0);
    CHECK(e.offset() < cut.size());
    CHECK(std::string(e.what()).find("damaged or truncated") != std::string::npos);
  }
}

TEST_CASE("every_prefix_of_a_configuration_fails_cleanly") {
  // No prefix may crash or decode into a different image: either the same image (never, it is shorter) or an error.
  const std::string bytes = encode_chip_image(small_image());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(decode_chip_image(bytes.substr(0, n), "prefix.pb"), reef::Error);
  }
}

TEST_CASE("a_file_from_a_newer_reef_says_to_update_reef") {
  // Field 1 (schema_version) = 2, then a field this schema does not know (field 99, varint 1).
  const std::string newer =
      std::string("\x08\x02", 2) + std::string("\x98\x06\x01", 3) + encode_chip_image(small_image()).substr(2);
  try {
    decode_chip_image(newer, "new.pb");
    FAIL("a newer schema decoded");
  } catch (const reef::FormatError& e) {
    CHECK(std::string(e.what()).find("written by a newer reef (schema 2); this reef reads schema 1: update reef") !=
          std::string::npos);
  }
  std::string text = chip_image_to_text(small_image());
  text.replace(text.find("schema_version: 1"), 17, "schema_version: 2\nfuture_field: 3");
  CHECK_THROWS_WITH_AS(chip_image_from_text(text, "new.txtpb"), doctest::Contains("update reef"), reef::FormatError);
}

TEST_CASE("a_configuration_for_an_unknown_chip_or_another_revision_is_refused") {
  ChipImage other = small_image();
  other.chip = "xylo-audio9";
  CHECK_THROWS_WITH_AS(decode_chip_image(encode_chip_image(other), "other.pb"),
                       doctest::Contains("chip 'xylo-audio9', which this reef does not know"), reef::FormatError);
  ChipImage revision = small_image();
  revision.chip_revision = 7;
  CHECK_THROWS_WITH_AS(decode_chip_image(encode_chip_image(revision), "rev.pb"), doctest::Contains("revision 7"),
                       reef::MappingError);
}

TEST_CASE("sizes_beyond_the_chip_or_inconsistent_with_the_arrays_are_refused_before_allocating") {
  const std::string text = chip_image_to_text(small_image());
  const auto with_hidden = [&](const std::string& count) {
    std::string edited = text;
    edited.replace(edited.find("  hidden: 3\n"), 12, "  hidden: " + count + "\n");
    return edited;
  };
  // 5000 hidden neurons: the dense recurrent array would be 5000² entries; Xylo Audio 2 has 1000 neurons.
  CHECK_THROWS_WITH_AS(chip_image_from_text(with_hidden("5000"), "big.txtpb"),
                       doctest::Contains("rule max_hidden: the configuration uses 5000 hidden neurons, "
                                         "Xylo Audio 2 has 1000"),
                       reef::MappingError);
  // 4 hidden neurons but 2×3 input weights.
  CHECK_THROWS_WITH_AS(chip_image_from_text(with_hidden("4"), "odd.txtpb"),
                       doctest::Contains("input weights (syn1) has 6 entries, the sizes say 8"), reef::FormatError);
}

TEST_CASE("chip_files_are_written_whole_in_the_format_of_their_extension") {
  const reef::test::ScratchDir dir;
  const ChipImage image = small_image();
  write_chip_image(dir / "chip.pb", image);
  write_chip_image(dir / "chip.txtpb", image);
  CHECK(dir.entries() == std::set<std::string>{"chip.pb", "chip.txtpb"});  // no temporary left behind
  CHECK(read_bytes(dir / "chip.pb") == encode_chip_image(image));
  CHECK(read_bytes(dir / "chip.txtpb") == chip_image_to_text(image));
  CHECK(read_chip_image(dir / "chip.pb") == image);
  CHECK(read_chip_image(dir / "chip.txtpb") == image);
  CHECK_THROWS_AS(write_chip_image(dir / "chip.bin", image), reef::UsageError);
  CHECK_THROWS_AS(write_chip_image(dir / "missing" / "chip.pb", image), reef::Error);
  write_bytes(dir / "bad.txtpb", "chip: \"xylo-audio2\"\nnot a field\n");
  CHECK_THROWS_AS(read_chip_image(dir / "bad.txtpb"), reef::ConfigError);
}

// The real libusb host code (hw::UsbTransport + hw::Board) against the live emulated board under umockdev:
// flashing, every injected fault (each must leave the previous configuration active and nothing hung), and the
// Braille network from the Xylo issue run on the board equal to XyloSim.
#include <doctest/doctest.h>

#include <cmath>

#include "reef/core/error.hpp"
#include "reef/hw/board_selection.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/hw/quantizer.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "hw/test_board_images.hpp"
#include "shared_data.hpp"
#include "usb_fixture.hpp"

using namespace reef;
using namespace reef::hw;
using reef::test::UsbFaults;
using reef::test::UsbFixture;

namespace {

// A configuration of several chunks: 1000 hidden neurons, every input and output weight set, 30 recurrent targets
// per neuron (within the chip's fan-out, fan-in and memory limits).
std::string large_chip_pb() {
  ChipImage image = reef::test::board_test_image();
  const std::size_t inputs = 16, hidden = 1000, fan_out = 30;
  image.n_inputs = inputs;
  image.n_hidden = hidden;
  image.weights_in.assign(inputs * hidden, 0);
  for (std::size_t i = 0; i < image.weights_in.size(); ++i) image.weights_in[i] = static_cast<std::int8_t>(i % 101 + 1);
  image.weights_rec.assign(hidden * hidden, 0);
  for (std::size_t from = 0; from < hidden; ++from) {
    for (std::size_t k = 1; k <= fan_out; ++k) image.weights_rec[from * hidden + (from + 7 * k) % hidden] = -3;
  }
  image.weights_out.assign(hidden * image.n_outputs, 5);
  image.hidden.assign(hidden, {2, 1, 0, 40, 0, -1});
  image.groups[0].count = inputs;
  image.groups[1].count = hidden;
  return encode_chip_image(image);
}

const std::string kSmall = encode_chip_image(reef::test::board_test_image());

std::string active_configuration(UsbFixture& usb) {
  return usb.inspect([](BoardModel& model) { return model.active_configuration(); });
}

void flash_previous(UsbFixture& usb) {
  usb.open()->flash(kSmall, {});
  REQUIRE(active_configuration(usb) == kSmall);
}

DeviceError flash_error(UsbFixture& usb, const std::string& chip_pb, unsigned devnum) {
  auto board = usb.open(devnum);
  try {
    board->flash(chip_pb, {});
  } catch (const DeviceError& e) {
    return e;
  }
  FAIL("the flash did not fail");
  return DeviceError({}, "");
}

}  // namespace

TEST_CASE("flashing_over_usb_activates_a_configuration_byte_identical_to_chip_pb") {
  UsbFixture usb;
  const std::string chip_pb = large_chip_pb();
  REQUIRE(chip_pb.size() > 4 * board::kMaxChunkBytes);
  auto board = usb.open();
  std::uint64_t last_progress = 0;
  const FlashReport report = board->flash(chip_pb, {.verify = true, .progress = [&](auto sent, auto) {
                                                      last_progress = sent;
                                                    }});
  CHECK(report.verified);
  CHECK(report.retries == 0);
  CHECK(last_progress == chip_pb.size());
  CHECK(active_configuration(usb) == chip_pb);
  CHECK(board->refresh_identity().active_hash == report.plan.sha256);
}

TEST_CASE("unplugging_mid_upload_keeps_the_previous_configuration_and_a_reflash_after_replugging_succeeds") {
  UsbFixture usb;
  flash_previous(usb);
  usb.plug(UsbFaults{.unplug_after_bytes = 100000}, 3);
  const DeviceError error = flash_error(usb, large_chip_pb(), 3);
  CHECK(error.code() == UsbErrc::no_device);
  CHECK(std::string(error.what()).find("reconnect it") != std::string::npos);
  CHECK(active_configuration(usb) == kSmall);

  usb.plug({}, 4);
  const std::string chip_pb = large_chip_pb();
  usb.open(4)->flash(chip_pb, {.verify = true, .progress = {}});
  CHECK(active_configuration(usb) == chip_pb);
}

TEST_CASE("a_lost_reply_times_out_and_the_upload_resumes_where_the_board_left_off") {
  UsbFixture usb(UsbFaults{.lose_reply = 4});
  const std::string chip_pb = large_chip_pb();
  auto board = usb.open();
  const FlashReport report = board->flash(chip_pb, {});
  CHECK(report.retries == 1);
  CHECK(active_configuration(usb) == chip_pb);
}

TEST_CASE("a_stalled_transfer_is_cleared_and_the_upload_resumes") {
  UsbFixture usb(UsbFaults{.stall_out = 5});
  const std::string chip_pb = large_chip_pb();
  const FlashReport report = usb.open()->flash(chip_pb, {});
  CHECK(report.retries == 1);
  CHECK(active_configuration(usb) == chip_pb);
}

TEST_CASE("a_corrupted_chunk_fails_the_hash_check_and_nothing_is_activated") {
  UsbFixture usb;
  flash_previous(usb);
  usb.plug(UsbFaults{.corrupt_out = 3}, 3);  // transfer 1 begins the upload, 2 and 3 are the first chunks
  const DeviceError error = flash_error(usb, large_chip_pb(), 3);
  CHECK(error.code() == BoardErrc::hash_mismatch);
  CHECK(std::string(error.what()).find("nothing was activated") != std::string::npos);
  CHECK(active_configuration(usb) == kSmall);
  CHECK(usb.inspect([](BoardModel& model) { return model.status().slots[1].sha256; }).empty());
}

TEST_CASE("a_short_reply_is_detected_and_the_request_retried") {
  UsbFixture usb(UsbFaults{.short_reply = 3});
  const std::string chip_pb = large_chip_pb();
  const FlashReport report = usb.open()->flash(chip_pb, {});
  CHECK(report.retries == 1);
  CHECK(active_configuration(usb) == chip_pb);
}

TEST_CASE("replies_that_stay_short_fail_after_the_retries_and_leave_the_previous_configuration_active") {
  UsbFixture usb;
  flash_previous(usb);
  usb.plug(UsbFaults{.short_reply = 2, .always_short = true}, 3);
  auto board = usb.open(3);
  try {
    board->flash(large_chip_pb(), {});
    FAIL("the flash did not fail");
  } catch (const DeviceError& e) {
    CHECK(e.code() == BoardErrc::malformed_reply);
    CHECK(std::string(e.what()).find("short frame") != std::string::npos);
  }
  // Each chunk and the status query that resumes it retry at most BoardOptions::retries times.
  CHECK(board->retries() >= BoardOptions{}.retries);
  CHECK(board->retries() <= 2 * BoardOptions{}.retries);
  CHECK(active_configuration(usb) == kSmall);
}

TEST_CASE("a_board_speaking_a_newer_protocol_is_refused_with_what_to_update") {
  BoardModelOptions options;
  options.protocol_version = options.min_protocol_version = board::kProtocolVersion + 1;
  UsbFixture usb({}, options);
  try {
    usb.open();
    FAIL("the board was accepted");
  } catch (const DeviceError& e) {
    CHECK(e.code() == BoardErrc::version_mismatch);
    CHECK(std::string(e.what()).find("update reef") != std::string::npos);
  }
}

TEST_CASE("a_busy_board_says_another_program_has_claimed_it") {
  UsbFixture usb(UsbFaults{.busy = true});
  try {
    usb.open();
    FAIL("the busy board was opened");
  } catch (const DeviceError& e) {
    CHECK(e.code() == UsbErrc::busy);
    CHECK(std::string(e.what()).find("another program has claimed it") != std::string::npos);
    CHECK(std::string(e.what()).find("LIBUSB_ERROR_BUSY") != std::string::npos);
  }
}

TEST_CASE("with_no_board_attached_opening_one_says_how_to_list_boards") {
  UMockdevTestbed* testbed = umockdev_testbed_new();
  try {
    open_board(BoardSelection{});
    FAIL("a board was found");
  } catch (const DeviceError& e) {
    CHECK(e.code() == BoardErrc::not_found);
    CHECK(std::string(e.what()).find("reef devices") != std::string::npos);
  }
  g_object_unref(testbed);
}

TEST_CASE("boards_are_found_by_serial_number_and_listed_with_their_active_hash") {
  UsbFixture usb;
  flash_previous(usb);
  BoardSelection selection;
  selection.device = "EMU0001";
  CHECK(open_board(selection)->identity().active_hash == chip_image_hash(reef::test::board_test_image()));
  selection.device.clear();
  const auto listings = list_boards(selection);
  REQUIRE(listings.size() == 1);
  CHECK(listings[0].where == "usb 1:2");
  REQUIRE(listings[0].identity);
  CHECK(listings[0].identity->active_hash == chip_image_hash(reef::test::board_test_image()));
}

TEST_CASE("the_braille_network_on_the_emulated_board_gives_the_output_events_of_xylosim") {
  const auto model_path =
      reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  const auto input_path =
      reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy");
  if (!model_path || !input_path) return;
  const ChipSpec chip = find_chip("xylo-audio2");
  QuantOptions quant;
  quant.dt_s = 1e-4;
  MapOptions map;
  map.dt_s = 1e-4;
  const ChipImage image = map_to_chip(quantize(io::read_nir(*model_path).graph, chip, quant).graph, chip, map);
  const io::NpyArray sample = io::read_npy(*input_path);
  REQUIRE(sample.shape.size() == 2);
  const auto steps = static_cast<std::uint32_t>(sample.shape[0]);
  board::StepEvents input{steps, {}};
  for (std::uint32_t t = 0; t < steps; ++t) {
    for (std::uint32_t c = 0; c < sample.shape[1]; ++c) {
      const auto count = static_cast<std::uint32_t>(std::lround(sample.values[t * sample.shape[1] + c]));
      if (count != 0) input.events.push_back({t, c, count});
    }
  }
  const auto expected = reef::test::xylosim_output(image, input);
  REQUIRE(!expected.empty());

  UsbFixture usb;
  auto board = usb.open();
  board->flash(encode_chip_image(image), {.verify = true, .progress = {}});
  board->start();
  const board::OutputEvents output = board->run(input);
  board->stop();
  CHECK(output.events.events == expected);
}

// The board protocol, hw::Board and hw::BoardModel in process (no USB): frames, safe flashing into two slots,
// refusal of corrupted or foreign configurations, version checks, persistence of the emulated board, and runs.
#include <doctest/doctest.h>

#include <memory>

#include "reef/core/error.hpp"
#include "reef/hw/board.hpp"
#include "reef/hw/board_model.hpp"
#include "reef/hw/board_protocol.hpp"
#include "reef/hw/usb_transport.hpp"
#include "scratch_dir.hpp"
#include "test_board_images.hpp"

using namespace reef;
using namespace reef::hw;

namespace {

struct EmulatedBoard {
  std::shared_ptr<BoardModel> model;
  Board board;
  explicit EmulatedBoard(BoardModelOptions options = {})
      : model(std::make_shared<BoardModel>(std::move(options))), board(make_emulated_transport(model)) {}
};

}  // namespace

TEST_CASE("request_and_reply_frames_decode_to_what_was_encoded") {
  const board::Request request{board::kProtocolVersion, 7, board::Chunk{16384, std::string("\0\1\2xyz", 6)}};
  CHECK(board::decode_request_frame(board::encode_frame(request)) == request);
  const board::Reply reply{board::kProtocolVersion, 7, board::OutputEvents{300, reef::test::board_test_input(9)}};
  CHECK(board::decode_reply_frame(board::encode_frame(reply)) == reply);
  const board::Identity identity{.serial = "B42", .active_slot = 1, .active_hash = "ab"};
  CHECK(board::decode_identity(board::encode_identity(identity)) == identity);
}

TEST_CASE("a_short_or_overlong_reply_frame_is_reported_with_both_lengths") {
  const std::string frame = board::encode_frame(board::Reply{1, 3, board::Status{}});
  CHECK_THROWS_WITH_AS(board::decode_reply_frame(frame.substr(0, frame.size() - 1)),
                       doctest::Contains("short frame"), board::MalformedMessage);
  CHECK_THROWS_WITH_AS(board::decode_reply_frame(frame + "x"), doctest::Contains("overlong frame"),
                       board::MalformedMessage);
  CHECK_THROWS_AS(board::decode_reply_frame("\xff\xff\xff\x7f"), board::MalformedMessage);
}

TEST_CASE("flashing_activates_exactly_the_uploaded_bytes_and_identify_reports_their_hash") {
  EmulatedBoard emu;
  const std::string chip_pb = encode_chip_image(reef::test::board_test_image());
  const FlashReport report = emu.board.flash(chip_pb, {.verify = true, .progress = {}});
  CHECK(report.verified);
  CHECK(report.plan.slot == 0);
  CHECK(emu.model->active_configuration() == chip_pb);
  CHECK(emu.board.identity().active_hash == chip_image_hash(reef::test::board_test_image()));
}

TEST_CASE("a_second_flash_goes_to_the_other_slot_and_keeps_the_first_until_activation") {
  EmulatedBoard emu;
  const std::string first = encode_chip_image(reef::test::board_test_image(40));
  const std::string second = encode_chip_image(reef::test::board_test_image(41));
  emu.board.flash(first, {});
  CHECK(emu.board.plan_flash(first).already_active);
  const FlashReport uploaded = emu.board.upload(second, {});
  CHECK(uploaded.plan.slot == 1);
  CHECK(emu.model->active_configuration() == first);  // uploaded and committed, not yet active
  emu.board.flash(second, {});
  CHECK(emu.model->active_configuration() == second);
  CHECK(emu.model->slot_bytes(0) == first);
}

TEST_CASE("an_upload_whose_bytes_do_not_match_the_announced_hash_is_refused_and_nothing_is_activated") {
  BoardModel model;
  const std::string chip_pb = encode_chip_image(reef::test::board_test_image());
  std::uint32_t sequence = 0;
  const auto send = [&](board::RequestBody body) {
    return model.handle(board::Request{board::kProtocolVersion, ++sequence, std::move(body)});
  };
  send(board::BeginUpload{0, chip_pb.size(), std::string(64, '0')});
  send(board::Chunk{0, chip_pb});
  const board::Reply commit = send(board::Commit{});
  REQUIRE(std::holds_alternative<board::ErrorReply>(commit.body));
  CHECK(std::get<board::ErrorReply>(commit.body).code == board::ErrorCode::hash_mismatch);
  const board::Reply activate = send(board::Activate{0, std::string(64, '0')});
  CHECK(std::holds_alternative<board::ErrorReply>(activate.body));
  CHECK(model.identity().active_slot == -1);
}

TEST_CASE("a_configuration_for_another_chip_is_refused_at_activation_and_the_previous_one_stays") {
  EmulatedBoard emu;
  const std::string good = encode_chip_image(reef::test::board_test_image());
  emu.board.flash(good, {});
  BoardModelOptions imu_options;
  imu_options.chip = "xylo-imu";
  EmulatedBoard imu(imu_options);
  CHECK_THROWS_WITH_AS(imu.board.flash(good, {}), doctest::Contains("this board carries xylo-imu"), DeviceError);
  CHECK(imu.model->identity().active_slot == -1);
}

TEST_CASE("a_board_speaking_a_newer_protocol_asks_to_update_reef") {
  BoardModelOptions options;
  options.protocol_version = board::kProtocolVersion + 1;
  options.min_protocol_version = board::kProtocolVersion + 1;
  try {
    EmulatedBoard emu(options);
    FAIL("no version error");
  } catch (const DeviceError& e) {
    CHECK(e.code() == BoardErrc::version_mismatch);
    CHECK(std::string(e.what()).find("update reef") != std::string::npos);
  }
}

TEST_CASE("a_board_speaking_an_older_protocol_asks_to_update_its_firmware") {
  BoardModelOptions options;
  options.protocol_version = board::kProtocolVersion - 1;
  options.min_protocol_version = board::kProtocolVersion - 1;
  CHECK_THROWS_WITH_AS(EmulatedBoard{options}, doctest::Contains("update the board's firmware"), DeviceError);
}

TEST_CASE("the_board_rejects_requests_of_an_unknown_protocol_version") {
  BoardModel model;
  const board::Reply reply = model.handle(board::Request{board::kProtocolVersion + 5, 1, board::GetStatus{}});
  REQUIRE(std::holds_alternative<board::ErrorReply>(reply.body));
  CHECK(std::get<board::ErrorReply>(reply.body).code == board::ErrorCode::unsupported_version);
}

TEST_CASE("the_emulated_board_keeps_its_active_configuration_across_processes_in_its_state_folder") {
  reef::test::ScratchDir dir;
  BoardModelOptions options;
  options.state_dir = dir.path() / "emu";
  const std::string chip_pb = encode_chip_image(reef::test::board_test_image());
  {
    EmulatedBoard emu(options);
    emu.board.flash(chip_pb, {});
  }
  EmulatedBoard again(options);
  CHECK(again.board.identity().active_hash == chip_image_hash(reef::test::board_test_image()));
  CHECK(again.model->active_configuration() == chip_pb);
}

TEST_CASE("a_run_on_the_emulated_board_gives_the_output_events_of_xylosim") {
  EmulatedBoard emu;
  const ChipImage image = reef::test::board_test_image();
  emu.board.flash(encode_chip_image(image), {});
  const board::StepEvents input = reef::test::board_test_input(200);
  const auto expected = reef::test::xylosim_output(image, input);
  REQUIRE(!expected.empty());
  emu.board.start();
  board::StepEvents first{100, {}}, second{100, {}};
  for (const auto& event : input.events) {
    if (event.step < 100) first.events.push_back(event);
    else second.events.push_back({event.step - 100, event.channel, event.count});
  }
  const board::OutputEvents a = emu.board.run(first);
  const board::OutputEvents b = emu.board.run(second);
  emu.board.stop();
  CHECK(b.first_step == 100);
  std::vector<board::StepEvent> got = a.events.events;
  for (const auto& event : b.events.events) got.push_back({event.step + 100, event.channel, event.count});
  CHECK(got == expected);
}

TEST_CASE("running_without_an_active_configuration_says_so") {
  EmulatedBoard emu;
  CHECK_THROWS_WITH_AS(emu.board.start(), doctest::Contains("no configuration is active"), DeviceError);
}

TEST_CASE("usb_ids_and_bus_addresses_are_read_in_their_command_line_forms") {
  CHECK(parse_usb_ids("1209:0001") == UsbIds{0x1209, 0x0001});
  CHECK(parse_usb_ids("CAFE:beef").text() == "cafe:beef");
  CHECK_THROWS_WITH_AS(parse_usb_ids("1209"), doctest::Contains("expected VENDOR:PRODUCT"), UsageError);
  CHECK_THROWS_AS(parse_usb_ids("12345:1"), UsageError);
  CHECK(parse_usb_address("3:17") == UsbAddress{3, 17});
  CHECK(parse_usb_address("3:17")->node() == "/dev/bus/usb/003/017");
  CHECK_FALSE(parse_usb_address("EMU0001"));
  CHECK_FALSE(parse_usb_address("1:300"));
}

// Loads the one YAML document of a config. Documents are first counted with a bounded event pass: yaml-cpp 0.7's
// LoadAll never returns on a token no rule consumes (jbeder/yaml-cpp#1040, fixed upstream by #1319), and Load
// returns an empty document for it, so a document that starts where the previous one did is reported instead.
#include "config_document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <vector>

#include "reef/core/error.hpp"

namespace reef::io::detail {

namespace {

// Records where each document starts; ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

[[noreturn]] void fail_at(const std::string& display_name, const YAML::Mark& mark, const std::string& message) {
  const bool known = !mark.is_null();
  throw ConfigError(display_name, known ? mark.line + 1 : 1, known ? mark.column + 1 : 1, message);
}

}  // namespace

YAML::Node load_single_document(std::string_view yaml, const std::string& display_name) {
  const std::string text(yaml);
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts starts;
    while (starts.marks.size() < 2 && parser.HandleNextDocument(starts)) {
    }
    if (starts.marks.size() == 2) {
      const YAML::Mark& second = starts.marks[1];
      if (second.pos == starts.marks[0].pos) {
        const std::size_t at = static_cast<std::size_t>(second.pos);
        const std::string found = at < text.size() ? "\"" + text.substr(at, 1) + "\"" : "the end of the file";
        fail_at(display_name, second, "invalid YAML: unexpected " + found);
      }
      fail_at(display_name, second, "expected one YAML document, found a second one");
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    fail_at(display_name, error.mark, "invalid YAML: " + error.msg);
  }
}

}  // namespace reef::io::detail

// The snnTorch side of `reef bench train`: writes the embedded script to a temporary file, runs it with popen and
// reads its "result BEST MEDIAN LOSS" line.
#include "bench_snntorch.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "reef/core/error.hpp"
#include "snntorch_script.hpp"

namespace reef::cli {
namespace {

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The script file lives only while the benchmark runs.
class TemporaryScript {
 public:
  TemporaryScript()
      : path_(std::filesystem::temp_directory_path() /
              ("reef-snntorch-train-step-" + std::to_string(getpid()) + ".py")) {
    std::ofstream out(path_);
    out << kSnntorchTrainStepScript;
    if (!out.flush()) throw Error("cannot write the snnTorch benchmark script to " + path_.string());
  }
  ~TemporaryScript() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TemporaryScript(const TemporaryScript&) = delete;
  TemporaryScript& operator=(const TemporaryScript&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string last_lines(const std::vector<std::string>& lines, std::size_t count) {
  std::string text;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
    text += "\n  " + lines[i];
  return text;
}

}  // namespace

void check_snntorch_checkout(const std::filesystem::path& checkout) {
  if (!std::filesystem::exists(checkout / "snntorch" / "__init__.py"))
    throw UsageError("--snntorch " + checkout.string() +
                     ": not an snnTorch source checkout (expected the folder that holds snntorch/__init__.py)");
}

SnntorchTiming time_snntorch_training(const std::string& python, const std::filesystem::path& checkout,
                                      const SnntorchWorkload& workload) {
  const TemporaryScript script;
  std::ostringstream command;
  command << "PYTHONPATH=" << shell_quoted(std::filesystem::absolute(checkout).string()) << ' ' << shell_quoted(python)
          << ' ' << shell_quoted(script.path().string()) << ' ' << workload.batch << ' ' << workload.steps << ' '
          << workload.density << ' ' << workload.threads << ' ' << workload.repeat << ' ' << workload.seed << " 2>&1";
  FILE* pipe = popen(command.str().c_str(), "r");
  if (pipe == nullptr) throw Error("cannot start " + python + " for the snnTorch benchmark");
  std::vector<std::string> lines;
  std::string line;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    line += buffer;
    if (line.back() != '\n') continue;
    line.pop_back();
    lines.push_back(line);
    line.clear();
  }
  const int status = pclose(pipe);
  const int exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  SnntorchTiming timing;
  const bool parsed = !lines.empty() && std::sscanf(lines.back().c_str(), "result %lf %lf %lf", &timing.best_s,
                                                    &timing.median_s, &timing.loss) == 3;
  if (exit_code != 0 || !parsed)
    throw Error(
        "the snnTorch benchmark failed (" + python + " exited with code " + std::to_string(exit_code) +
        "; is python3-torch installed? --python picks another interpreter). Its last output:" + last_lines(lines, 3));
  timing.versions = lines.size() >= 2 ? lines[lines.size() - 2] : "";
  return timing;
}

}  // namespace reef::cli

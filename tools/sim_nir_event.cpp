// `reef sim MODEL.nir --engine event`: lowers the NIR graph onto the exact event engine (docs/event-engine.md,
// "NIR graphs"), plays the input array as signals held over each dt, and reports like `reef sim NETWORK.yaml`.
#include "sim_nir_event.hpp"

#include <iostream>

#include "progress_bar.hpp"
#include "reef/core/error.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {

int run_nir_on_event_engine(const CliContext& context, const std::string& path, const io::NirModel& model,
                            const sim::StepInput& input, double dt_s, sim::ResetRule reset,
                            const std::optional<std::filesystem::path>& output) {
  if (input.batch != 1)
    throw UsageError("the event engine runs one sample at a time: give --input as (T, channels...), or use "
                     "--engine step for a batch");
  const core::Time dt = core::Time::from_seconds(dt_s);
  sim::EventEngine engine(model.graph, sim::EngineOptions{reset});
  sim::RunOptions options;
  options.duration = core::Time::from_ns(dt.ns() * static_cast<std::int64_t>(input.steps));
  options.signals.push_back(sim::SignalInput{input.node, dt, input.values});
  std::cout << report_line("engine", "event (exact between input changes), input rows held over dt " +
                                         compact(dt_s) + " s")
            << std::flush;
  ProgressBar progress(context.quiet, options.duration);
  options.progress = [&progress](double fraction) { progress.update(fraction); };
  sim::RunResult result = engine.run(options);
  progress.finish();
  std::cout << run_summary_lines(result, options.duration) << population_table(result.populations);

  std::cout << save_recording(result.recording, output,
                              {{"model_file", path}, {"engine", "event"}, {"dt_s", compact(dt_s)}});
  return 0;
}

}  // namespace reef::cli

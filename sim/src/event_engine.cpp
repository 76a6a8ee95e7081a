// The exact event-driven engine: lowering, the (tick, sequence)-ordered event loop, firing and delivery.
// A neuron's timer holds either its exact next crossing ("fire") or a proven lower bound on it ("check"): a cheap
// bound after each excitatory input, refined by the full crossing search once the neuron stays quiet near it.
// Inhibitory input can only postpone a crossing, so it never moves a timer earlier (docs/event-engine.md).
#include "reef/sim/event_engine.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "current_bias.hpp"
#include "delivery_queue.hpp"
#include "input_source.hpp"
#include "nir_lowering.hpp"
#include "population.hpp"
#include "projection.hpp"
#include "recorder.hpp"
#include "reef/core/error.hpp"
#include "signal_source.hpp"
#include "timer_heap.hpp"

namespace reef::sim {

namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
// Checks in a row without new input before the full crossing search runs.
constexpr std::uint8_t kChecksBeforeExactSearch = 3;
// The origin of the exponential basis moves on after this many of the shortest time constant.
constexpr double kRebaseWindowTaus = 16.0;
constexpr std::uint64_t kProgressEvery = 1 << 16;

}  // namespace

struct EventEngine::Impl {
  std::vector<Population> populations;
  std::vector<InputSource> sources;
  std::vector<SignalSource> signals;                 // NIR Input nodes
  std::vector<std::vector<double>> constant_drive;   // per population: NIR input from t = 0 (Affine biases)
  std::vector<double> drive_scratch;
  std::vector<Projection> projections;
  std::vector<std::uint32_t> node_of_population;
  std::vector<std::vector<std::uint32_t>> outgoing;  // projections leaving each node
  std::vector<std::uint32_t> timer_owner;            // timer id → population, P + source, or P + S + signal index
  Tick rebase_window = 0;
  bool ran = false;

  // Run state.
  TimerHeap timers{0};
  DeliveryQueue deliveries{0};
  std::uint64_t sequence = 0;
  Tick origin = 0;
  Recorder* recorder = nullptr;
  std::uint64_t synaptic_events = 0;
  std::uint64_t external_events = 0;

  Impl(const core::Graph& graph, const EngineOptions& options);
  RunResult run(const RunOptions& options);

  EventKey key_at(Tick tick) { return {tick, sequence++}; }
  void start();
  void schedule(Population& pop, std::uint32_t j, Tick now, Prediction p);
  void on_neuron_timer(std::uint32_t p, std::uint32_t j, Tick now);
  void fire(std::uint32_t p, std::uint32_t j, Tick now, const Factors& f);
  void emit(std::uint32_t node, std::uint32_t row, Tick now);
  void deliver(const Delivery& d);
  void react_to_input(Population& pop, std::uint32_t j, double w, const Factors& f, Tick now);
  // `horizon`: the run must come back to its loop before this tick (end, next sample, next origin move).
  void on_source_timer(std::uint32_t s, std::uint32_t timer, Tick now, Tick horizon);
  void bind_signals(const std::vector<SignalInput>& inputs);
  void on_signal_timer(SignalSource& signal, Tick now);
};

EventEngine::Impl::Impl(const core::Graph& graph, const EngineOptions& options) {
  const auto& nodes = graph.nodes();
  NirLowering nir = lower_nir_connections(graph);
  std::vector<std::uint32_t> population_of_node(nodes.size(), kNone);
  outgoing.resize(nodes.size());

  // Constant currents become bias.
  const std::vector<std::vector<double>> extra_bias = current_source_bias(graph);

  double min_tau = kNever;
  std::uint32_t neuron_timers = 0;
  for (std::uint32_t id = 0; id < nodes.size(); ++id) {
    if (!nodes[id].is_population()) continue;
    population_of_node[id] = static_cast<std::uint32_t>(populations.size());
    node_of_population.push_back(id);
    populations.emplace_back(apply_reset_rule(nodes[id], options.reset), neuron_timers, extra_bias[id]);
    constant_drive.push_back(std::move(nir.constant_drive[id]));
    min_tau = std::min(min_tau, populations.back().min_tau());
    timer_owner.insert(timer_owner.end(), nodes[id].size, population_of_node[id]);
    neuron_timers += static_cast<std::uint32_t>(nodes[id].size);
  }
  std::uint32_t timer_count = neuron_timers;
  for (std::uint32_t id = 0; id < nodes.size(); ++id) {
    const core::Node& node = nodes[id];
    if (!std::holds_alternative<core::SpikeSourceParams>(node.params) &&
        !std::holds_alternative<core::PoissonSourceParams>(node.params))
      continue;
    sources.emplace_back(node, id, timer_count);
    const std::uint32_t count = sources.back().timer_count();
    timer_owner.insert(timer_owner.end(), count, static_cast<std::uint32_t>(populations.size() + sources.size() - 1));
    timer_count += count;
  }
  std::vector<std::uint32_t> signal_of_node(nodes.size(), kNone);
  const auto first_signal_owner = static_cast<std::uint32_t>(populations.size() + sources.size());
  for (std::uint32_t id = 0; id < nodes.size(); ++id) {
    if (!std::holds_alternative<core::InputParams>(nodes[id].params)) continue;
    signal_of_node[id] = static_cast<std::uint32_t>(signals.size());
    timer_owner.push_back(first_signal_owner + signal_of_node[id]);
    signals.emplace_back(nodes[id], timer_count++);
  }
  for (SignalRoute& route : nir.signal_routes)
    signals[signal_of_node[route.input]].add_route(
        {population_of_node[route.target], std::move(route.topology), std::move(route.gains)});
  auto add_projection = [&](const core::Edge& edge) {
    outgoing[edge.source].push_back(static_cast<std::uint32_t>(projections.size()));
    projections.emplace_back(edge, population_of_node[edge.target], graph.node(edge.source).is_population());
  };
  for (const core::Edge& edge : graph.edges())
    if (!std::holds_alternative<core::CurrentSourceParams>(graph.node(edge.source).params)) add_projection(edge);
  for (const core::Edge& edge : nir.spike_edges) add_projection(edge);
  const double window_s = min_tau == kNever ? 1.0 : std::min(1.0, kRebaseWindowTaus * min_tau);
  rebase_window = std::max<Tick>(1, ticks_floor(window_s));
}

void EventEngine::Impl::start() {
  timers = TimerHeap(static_cast<std::uint32_t>(timer_owner.size()));
  deliveries = DeliveryQueue(static_cast<std::uint32_t>(projections.size()));
  origin = 0;
  for (std::size_t p = 0; p < populations.size(); ++p) {
    Population& pop = populations[p];
    pop.initialise(origin);
    for (std::uint32_t j = 0; j < constant_drive[p].size(); ++j)
      if (constant_drive[p][j] != 0.0) pop.add_drive(j, constant_drive[p][j], pop.factors(j, 0, origin));
    for (std::uint32_t j = 0; j < pop.size(); ++j) schedule(pop, j, 0, pop.predict(j, pop.factors(j, 0, origin)));
  }
  for (const SignalSource& signal : signals)
    if (signal.next_change() != kNoTick) timers.set(signal.timer(), key_at(signal.next_change()));
  for (InputSource& source : sources) {
    source.reset();
    for (std::uint32_t timer = 0; timer < source.timer_count(); ++timer) {
      const Tick first = source.next_spike(timer, -1);
      if (first != kNoTick) timers.set(source.first_timer() + timer, key_at(first));
    }
  }
}

void EventEngine::Impl::schedule(Population& pop, std::uint32_t j, Tick now, Prediction p) {
  const std::uint32_t id = pop.first_timer() + j;
  NeuronRecord& record = pop.record(j);
  record.pending = p.pending;
  if (p.pending == Pending::none) {
    timers.remove(id);
    return;
  }
  record.scheduled = now + p.offset;
  timers.set(id, key_at(record.scheduled));
}

void EventEngine::Impl::on_neuron_timer(std::uint32_t p, std::uint32_t j, Tick now) {
  Population& pop = populations[p];
  const Factors& f = pop.factors(j, now, origin);
  switch (pop.record(j).pending) {
    case Pending::fire:
      fire(p, j, now, f);
      return;
    case Pending::refractory_end:
      pop.set_voltage(j, pop.held_voltage(j), f);
      pop.record(j).checks_since_input = 0;
      schedule(pop, j, now, pop.predict(j, f));
      return;
    case Pending::check: {
      const bool exact = ++pop.record(j).checks_since_input >= kChecksBeforeExactSearch;
      Prediction next = pop.predict(j, f, true, exact);
      if (!exact && next.pending == Pending::check && next.offset < kTicksPerNs) next = pop.predict(j, f, true, true);
      schedule(pop, j, now, next);
      return;
    }
    case Pending::none:
      break;
  }
  REEF_ASSERT(false, "a neuron timer fired with nothing pending");
}

void EventEngine::Impl::fire(std::uint32_t p, std::uint32_t j, Tick now, const Factors& f) {
  Population& pop = populations[p];
  const double v_fire = std::max(pop.threshold(j), pop.voltage(j, f));
  recorder->population_spike(p, j, now);
  const double v_after = pop.reset_voltage(j, v_fire);
  pop.record(j).checks_since_input = 0;
  if (pop.refractory(j) > 0) {
    pop.held_voltage(j) = v_after;
    schedule(pop, j, now, {Pending::refractory_end, pop.refractory(j)});
  } else {
    pop.set_voltage(j, v_after, f);
    schedule(pop, j, now, pop.predict(j, f));
  }
  emit(node_of_population[p], j, now);
}

void EventEngine::Impl::emit(std::uint32_t node, std::uint32_t row, Tick now) {
  for (std::uint32_t index : outgoing[node]) {
    const Projection& proj = projections[index];
    if (proj.has_shared_delay()) {
      if (proj.row_begin(row) != proj.row_end(row))
        deliveries.push(index, {key_at(now + proj.shared_delay()), index, row});
      continue;
    }
    const auto heap_lane = static_cast<std::uint32_t>(projections.size());
    for (std::uint64_t s = proj.segment_begin(row); s < proj.segment_begin(row + 1); ++s)
      deliveries.push(heap_lane, {key_at(now + proj.segment(s).delay), index, static_cast<std::uint32_t>(s)});
  }
}

void EventEngine::Impl::react_to_input(Population& pop, std::uint32_t j, double w, const Factors& f, Tick now) {
  NeuronRecord& record = pop.record(j);
  Pending& pending = record.pending;
  if (pending == Pending::refractory_end || w == 0.0) return;
  record.checks_since_input = 0;
  if (w < 0.0) {
    // The crossing can only move later (or vanish): an exact one becomes a lower bound.
    if (pending == Pending::fire) pending = Pending::check;
    return;
  }
  // A pending check at T stays valid when the new bound reaches T: no need to make the bound any tighter.
  const double enough = pending == Pending::check ? tick_seconds(record.scheduled - now) : kNever;
  const Prediction p = pop.predict(j, f, false, false, enough);
  if (pop.synapse_count() == 0 || pending == Pending::none || pending == Pending::fire) {
    if (p.pending != Pending::none || pop.synapse_count() == 0) schedule(pop, j, now, p);
    return;
  }
  // A pending check stays valid unless the new bound is earlier.
  if (p.pending != Pending::none && now + p.offset < record.scheduled) schedule(pop, j, now, p);
}

void EventEngine::Impl::deliver(const Delivery& d) {
  const Projection& proj = projections[d.projection];
  Population& pop = populations[proj.target_population()];
  const Tick now = d.key.tick;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  if (proj.has_shared_delay()) {
    begin = proj.row_begin(d.item);
    end = proj.row_end(d.item);
  } else {
    begin = proj.segment(d.item).begin;
    end = proj.segment(d.item).end;
  }
  (proj.from_population() ? synaptic_events : external_events) += end - begin;
  const std::size_t k = proj.synapse();
  const bool spikes = pop.spikes();
  for (std::uint64_t s = begin; s < end; ++s) {
    const std::uint32_t j = proj.target(s);
    const double w = proj.weight(s);
    const Factors& f = pop.factors(j, now, origin);
    pop.add_input(j, k, w, f);
    if (spikes) react_to_input(pop, j, w, f, now);
  }
}

void EventEngine::Impl::on_source_timer(std::uint32_t s, std::uint32_t timer, Tick now, Tick horizon) {
  InputSource& source = sources[s];
  Tick next = now;
  // A dense source (a superposed Poisson drive fires every few ns) keeps emitting for as long as its next spike
  // comes strictly before every other pending event, without a round trip through the timer heap.
  do {
    const std::uint32_t channel = source.channel(timer);
    recorder->source_spike(s, channel, next);
    emit(source.node_id(), channel, next);
    next = source.next_spike(timer, next);
  } while (next < std::min({horizon, timers.second_tick(), deliveries.empty() ? kNoTick : deliveries.top_key().tick}));
  if (next == kNoTick) timers.remove(source.first_timer() + timer);
  else timers.set(source.first_timer() + timer, key_at(next));
}

void EventEngine::Impl::bind_signals(const std::vector<SignalInput>& inputs) {
  std::vector<const SignalInput*> bound(signals.size(), nullptr);
  for (const SignalInput& input : inputs) {
    const auto found = std::find_if(signals.begin(), signals.end(),
                                    [&](const SignalSource& s) { return s.name() == input.node; });
    if (found == signals.end()) {
      std::string names;
      for (const SignalSource& s : signals) names += (names.empty() ? "'" : ", '") + s.name() + "'";
      throw ValidationError("signal for '" + input.node + "': the graph has no Input node of that name (Input nodes: " +
                            (names.empty() ? std::string("none") : names) + ")");
    }
    const auto index = static_cast<std::size_t>(found - signals.begin());
    if (bound[index]) throw ValidationError("signal for Input node '" + input.node + "' is given twice");
    bound[index] = &input;
  }
  for (std::size_t i = 0; i < signals.size(); ++i) signals[i].bind(bound[i]);
}

void EventEngine::Impl::on_signal_timer(SignalSource& signal, Tick now) {
  const std::vector<double>& change = signal.take_change();
  for (const SignalRouteToPopulation& route : signal.routes()) {
    Population& pop = populations[route.population];
    drive_scratch.assign(pop.size(), 0.0);
    for (std::size_t c = 0; c < change.size(); ++c) {
      if (change[c] == 0.0) continue;
      for (std::uint64_t i = route.topology.row_offsets[c]; i < route.topology.row_offsets[c + 1]; ++i)
        drive_scratch[route.topology.targets[i]] += route.gains[i] * change[c];
    }
    for (std::uint32_t j = 0; j < pop.size(); ++j) {
      if (drive_scratch[j] == 0.0) continue;
      const Factors& f = pop.factors(j, now, origin);
      const double step = pop.add_drive(j, drive_scratch[j], f);
      if (pop.spikes()) react_to_input(pop, j, step, f, now);
    }
  }
  if (signal.next_change() == kNoTick) timers.remove(signal.timer());
  else timers.set(signal.timer(), key_at(signal.next_change()));
}

RunResult EventEngine::Impl::run(const RunOptions& options) {
  if (ran) throw InternalError("EventEngine::run may be called once per engine");
  ran = true;
  if (options.duration.ns() > INT64_MAX / kTicksPerNs)
    throw ValidationError("the event engine simulates at most 106 days of biological time");
  const Tick end = to_ticks(options.duration);
  bind_signals(options.signals);
  Recorder record(options.record, populations, sources, end);
  recorder = &record;
  const auto wall_start = std::chrono::steady_clock::now();
  start();

  Tick next_rebase = rebase_window;
  std::uint64_t steps = 0;
  for (;;) {
    const EventKey timer_key = timers.empty() ? EventKey{} : timers.top_key();
    const EventKey delivery_key = deliveries.empty() ? EventKey{} : deliveries.top_key();
    const bool timer_first = timer_key < delivery_key;
    const Tick now = timer_first ? timer_key.tick : delivery_key.tick;
    if (record.next_sample() <= now && record.next_sample() < end) {
      record.sample(populations, origin);
      continue;
    }
    if (now >= end) break;
    if (now >= next_rebase) {  // neurons move onto the new origin when next touched
      origin = now;
      next_rebase = now + rebase_window;
    }
    if (timer_first) {
      const std::uint32_t id = timers.top_id();
      const std::uint32_t owner = timer_owner[id];
      if (owner < populations.size()) on_neuron_timer(owner, id - populations[owner].first_timer(), now);
      else if (owner >= populations.size() + sources.size())
        on_signal_timer(signals[owner - populations.size() - sources.size()], now);
      else on_source_timer(owner - static_cast<std::uint32_t>(populations.size()),
                           id - sources[owner - populations.size()].first_timer(), now,
                           std::min({end, next_rebase, record.next_sample()}));
    } else {
      deliver(deliveries.pop());
    }
    if (options.progress && ++steps % kProgressEvery == 0)
      options.progress(static_cast<double>(now) / static_cast<double>(end));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (options.progress) options.progress(1.0);

  RunResult result;
  result.wall_seconds = wall;
  result.synaptic_events = synaptic_events;
  result.external_events = external_events;
  const double seconds = options.duration.seconds();
  for (std::size_t p = 0; p < populations.size(); ++p) {
    const std::uint64_t spikes = record.spike_counts()[p];
    const double rate = seconds > 0 ? static_cast<double>(spikes) / (seconds * populations[p].size()) : 0.0;
    result.populations.push_back({populations[p].name(), populations[p].size(), spikes, rate});
  }
  result.recording = record.take_recording();
  result.recording.metadata["engine"] = "event";
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.12g", seconds);
  result.recording.metadata["duration_s"] = duration;
  result.recording.metadata["reef_version"] = REEF_VERSION;
  recorder = nullptr;
  return result;
}

EventEngine::EventEngine(const core::Graph& graph, const EngineOptions& options)
    : impl_(std::make_unique<Impl>(graph, options)) {}
EventEngine::~EventEngine() = default;
RunResult EventEngine::run(const RunOptions& options) { return impl_->run(options); }

std::size_t estimate_event_engine_memory(const core::Graph& graph) {
  std::size_t bytes = 0;
  std::size_t timers = 0;
  for (const core::Node& node : graph.nodes()) {
    timers += node.size;
    if (node.is_population())
      bytes += node.size * (sizeof(double) * (10 + 2 * node.neurons().synapses.size()) + sizeof(Tick) + 2);
  }
  for (const core::Edge& edge : graph.edges()) bytes += projection_bytes(edge.synapses);
  return bytes + timers * (sizeof(EventKey) + 2 * sizeof(std::uint32_t));
}

}  // namespace reef::sim

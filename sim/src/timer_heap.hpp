// An indexed 4-ary min-heap of timers: each id (a neuron or an input channel) holds at most one pending event,
// whose key can be moved earlier or later in O(log n), or removed. Ordered by EventKey. Entries hold the tick and
// the id (16 bytes); sequence numbers, needed only to break ties, are kept per id.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine_clock.hpp"

namespace reef::sim {

class TimerHeap {
 public:
  explicit TimerHeap(std::uint32_t ids) : position_(ids, kAbsent), sequence_(ids, 0) {}

  bool empty() const { return heap_.empty(); }
  EventKey top_key() const { return {heap_.front().tick, sequence_[heap_.front().id]}; }
  std::uint32_t top_id() const { return heap_.front().id; }
  // The earliest tick among all timers but the top one (kNoTick when there is none).
  Tick second_tick() const {
    Tick best = kNoTick;
    for (std::size_t c = 1; c < heap_.size() && c <= 4; ++c) best = std::min(best, heap_[c].tick);
    return best;
  }

  // Inserts id or moves its pending event to `key`.
  void set(std::uint32_t id, EventKey key) {
    std::uint32_t at = position_[id];
    sequence_[id] = key.sequence;
    if (at == kAbsent) {
      at = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back({key.tick, id});
      position_[id] = at;
      sift_up(at);
      return;
    }
    // A new sequence number is always the largest, so only the tick decides the direction.
    const bool earlier = key.tick < heap_[at].tick;
    heap_[at].tick = key.tick;
    if (earlier) sift_up(at); else sift_down(at);
  }

  void remove(std::uint32_t id) {
    const std::uint32_t at = position_[id];
    if (at == kAbsent) return;
    position_[id] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    heap_[at] = last;
    position_[last.id] = at;
    if (at > 0 && before(last, heap_[(at - 1) / 4])) sift_up(at); else sift_down(at);
  }

 private:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;
  struct Entry {
    Tick tick;
    std::uint32_t id;
  };

  bool before(const Entry& a, const Entry& b) const {
    return a.tick != b.tick ? a.tick < b.tick : sequence_[a.id] < sequence_[b.id];
  }

  void place(std::uint32_t at, const Entry& e) {
    heap_[at] = e;
    position_[e.id] = at;
  }

  void sift_up(std::uint32_t at) {
    const Entry e = heap_[at];
    while (at > 0) {
      const std::uint32_t parent = (at - 1) / 4;
      if (!before(e, heap_[parent])) break;
      place(at, heap_[parent]);
      at = parent;
    }
    place(at, e);
  }

  void sift_down(std::uint32_t at) {
    const Entry e = heap_[at];
    const auto n = static_cast<std::uint32_t>(heap_.size());
    for (;;) {
      const std::uint32_t first = 4 * at + 1;
      if (first >= n) break;
      std::uint32_t best = first;
      const std::uint32_t last = first + 4 < n ? first + 4 : n;
      for (std::uint32_t c = first + 1; c < last; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], e)) break;
      place(at, heap_[best]);
      at = best;
    }
    place(at, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;
  std::vector<std::uint64_t> sequence_;  // per id: the sequence number of its pending event
};

}  // namespace reef::sim

// An indexed 4-ary min-heap of timers: each id (a neuron or an input channel) holds at most one pending event,
// whose key can be moved earlier or later in O(log n), or removed. Ordered by EventKey.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine_clock.hpp"

namespace reef::sim {

class TimerHeap {
 public:
  explicit TimerHeap(std::uint32_t ids) : position_(ids, kAbsent) {}

  bool empty() const { return heap_.empty(); }
  const EventKey& top_key() const { return heap_.front().key; }
  std::uint32_t top_id() const { return heap_.front().id; }
  // The earliest tick among all timers but the top one (kNoTick when there is none).
  Tick second_tick() const {
    Tick best = kNoTick;
    for (std::size_t c = 1; c < heap_.size() && c <= 4; ++c) best = std::min(best, heap_[c].key.tick);
    return best;
  }
  bool contains(std::uint32_t id) const { return position_[id] != kAbsent; }
  Tick tick_of(std::uint32_t id) const { return contains(id) ? heap_[position_[id]].key.tick : kNoTick; }

  // Inserts id or moves its pending event to `key`.
  void set(std::uint32_t id, EventKey key) {
    std::uint32_t at = position_[id];
    if (at == kAbsent) {
      at = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back({key, id});
      position_[id] = at;
      sift_up(at);
      return;
    }
    const bool earlier = key < heap_[at].key;
    heap_[at].key = key;
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
    if (at > 0 && last.key < heap_[(at - 1) / 4].key) sift_up(at); else sift_down(at);
  }

 private:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;
  struct Entry {
    EventKey key;
    std::uint32_t id;
  };

  void place(std::uint32_t at, const Entry& e) {
    heap_[at] = e;
    position_[e.id] = at;
  }

  void sift_up(std::uint32_t at) {
    const Entry e = heap_[at];
    while (at > 0) {
      const std::uint32_t parent = (at - 1) / 4;
      if (!(e.key < heap_[parent].key)) break;
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
        if (heap_[c].key < heap_[best].key) best = c;
      if (!(heap_[best].key < e.key)) break;
      place(at, heap_[best]);
      at = best;
    }
    place(at, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;
};

}  // namespace reef::sim

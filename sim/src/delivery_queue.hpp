// Pending spike deliveries: (tick, sequence) → one row (or one equal-delay segment of a row) of one projection.
// A projection with one delay receives its deliveries in key order, so each gets a FIFO lane; deliveries with
// per-synapse delays share one heap lane. An indexed heap over the lanes' heads finds the earliest delivery, so
// the cost per delivery grows with the log of the number of lanes, not of the number of spikes in flight.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine_clock.hpp"
#include "timer_heap.hpp"

namespace reef::sim {

struct Delivery {
  EventKey key;
  std::uint32_t projection = 0;
  std::uint32_t item = 0;  // source row (one delay per projection) or segment index (per-synapse delays)
};

class DeliveryQueue {
 public:
  // Lanes [0, fifo_lanes) are FIFOs (pushes must come in key order); lane fifo_lanes is a heap.
  explicit DeliveryQueue(std::uint32_t fifo_lanes)
      : fifos_(fifo_lanes), heap_lane_(fifo_lanes), heads_(fifo_lanes + 1) {}

  bool empty() const { return heads_.empty(); }
  EventKey top_key() const { return heads_.top_key(); }

  void push(std::uint32_t lane, const Delivery& d) {
    if (lane == heap_lane_) {
      heap_.push_back(d);
      std::push_heap(heap_.begin(), heap_.end(), later);
      heads_.set(lane, heap_.front().key);
      return;
    }
    Fifo& fifo = fifos_[lane];
    if (fifo.empty()) heads_.set(lane, d.key);
    fifo.push(d);
  }

  Delivery pop() {
    const std::uint32_t lane = heads_.top_id();
    Delivery d;
    if (lane == heap_lane_) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      d = heap_.back();
      heap_.pop_back();
      if (heap_.empty()) heads_.remove(lane); else heads_.set(lane, heap_.front().key);
      return d;
    }
    Fifo& fifo = fifos_[lane];
    d = fifo.pop();
    if (fifo.empty()) heads_.remove(lane); else heads_.set(lane, fifo.front().key);
    return d;
  }

 private:
  // A growable ring buffer.
  class Fifo {
   public:
    bool empty() const { return size_ == 0; }
    const Delivery& front() const { return items_[head_]; }
    void push(const Delivery& d) {
      if (size_ == items_.size()) grow();
      items_[(head_ + size_) & (items_.size() - 1)] = d;
      ++size_;
    }
    Delivery pop() {
      const Delivery d = items_[head_];
      head_ = (head_ + 1) & (items_.size() - 1);
      --size_;
      return d;
    }

   private:
    void grow() {
      std::vector<Delivery> bigger(items_.empty() ? 64 : items_.size() * 2);
      for (std::size_t i = 0; i < size_; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
      items_ = std::move(bigger);
      head_ = 0;
    }
    std::vector<Delivery> items_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
  };

  static bool later(const Delivery& a, const Delivery& b) { return b.key < a.key; }

  std::vector<Fifo> fifos_;
  std::vector<Delivery> heap_;
  std::uint32_t heap_lane_;
  TimerHeap heads_;
};

}  // namespace reef::sim

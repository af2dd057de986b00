#include "engine/scheduler.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace corslint::engine {
namespace {

// The reorder buffer shared by run_in_order's workers.
class ReorderBuffer {
 public:
  ReorderBuffer(std::size_t window, FindingSink& sink) : window_(window), sink_(sink) {}

  // Blocks until group `g` may start (it is within the window of the sink);
  // false when another worker failed.
  bool wait_turn(std::size_t g) {
    std::unique_lock lock(mu_);
    advanced_.wait(lock, [&] { return g < next_out_ + window_ || failure_; });
    return !failure_;
  }

  void fail(std::exception_ptr e) {
    std::lock_guard lock(mu_);
    if (!failure_) failure_ = e;
    advanced_.notify_all();
  }

  // Leaves a finished group; when no one is consuming, hands the ready run of
  // groups to the sink in order.
  void put(std::size_t g, FindingGroup result) {
    std::unique_lock lock(mu_);
    ready_.emplace(g, std::move(result));
    if (consuming_) return;
    consuming_ = true;
    while (!failure_) {
      auto it = ready_.find(next_out_);
      if (it == ready_.end()) break;
      FindingGroup item = std::move(it->second);
      ready_.erase(it);
      lock.unlock();
      try {
        sink_.consume(item);
      } catch (...) {
        lock.lock();
        if (!failure_) failure_ = std::current_exception();
        break;
      }
      item = FindingGroup();
      lock.lock();
      ++next_out_;
      advanced_.notify_all();
    }
    consuming_ = false;
    advanced_.notify_all();
  }

  void rethrow() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  const std::size_t window_;
  FindingSink& sink_;
  std::mutex mu_;
  std::condition_variable advanced_;
  std::map<std::size_t, FindingGroup> ready_;
  std::size_t next_out_ = 0;
  bool consuming_ = false;
  std::exception_ptr failure_;
};

}  // namespace

void for_each_parallel(std::size_t count, unsigned jobs,
                       const std::function<void(std::size_t, std::vector<Finding>&)>& work,
                       std::vector<Finding>& out) {
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(count));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i, out);
    return;
  }
  std::vector<std::vector<Finding>> outs(jobs);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = next++; i < count; i = next++) work(i, outs[t]);
    });
  }
  for (auto& th : threads) th.join();
  for (auto& v : outs) {
    for (Finding& f : v) out.push_back(std::move(f));
  }
}

void run_in_order(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t, FindingGroup&, unsigned)>& run,
                  FindingSink& sink) {
  jobs = std::max(1u, jobs);
  if (jobs == 1 || count == 1) {
    for (std::size_t g = 0; g < count; ++g) {
      FindingGroup result;
      run(g, result, jobs);
      sink.prepare(result);
      sink.consume(result);
    }
    return;
  }
  ReorderBuffer buffer(std::size_t{2} * jobs, sink);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      for (std::size_t g = next++; g < count; g = next++) {
        if (!buffer.wait_turn(g)) return;
        FindingGroup result;
        try {
          run(g, result, 1);
          sink.prepare(result);
        } catch (...) {
          buffer.fail(std::current_exception());
          return;
        }
        buffer.put(g, std::move(result));
      }
    });
  }
  for (auto& th : threads) th.join();
  buffer.rethrow();
}

}  // namespace corslint::engine

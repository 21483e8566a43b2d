// A client of the C++17 wrapper (CMake target mio-c::cpp, built when abseil
// is found): a Waker woken from a std::thread wakes Poll::poll with the
// Waker's token. Exit status 0 when that event arrives.
#include <cstdio>
#include <thread>

#include "mio/cpp/mio.hpp"

int main() {
  constexpr mio::Token kWaker{7};
  absl::StatusOr<mio::Poll> poll = mio::Poll::create();
  if (!poll.ok())
    return std::printf("%s\n", poll.status().ToString().c_str()), 1;
  absl::StatusOr<mio::Events> events = mio::Events::with_capacity(8);
  absl::StatusOr<mio::Waker> waker =
      mio::Waker::create(poll->registry(), kWaker);
  if (!events.ok() || !waker.ok()) return std::printf("setup failed\n"), 1;

  std::thread thread([&waker] { (void)waker->wake(); });
  absl::Status polled = poll->poll(*events, absl::Seconds(30));
  thread.join();
  if (!polled.ok()) return std::printf("%s\n", polled.ToString().c_str()), 1;
  for (const mio::Event& e : *events) {
    if (e.token() == kWaker) {
      std::printf("cpp_wrapper_client: woken on %s\n", poll->backend_name());
      return 0;
    }
  }
  std::printf("cpp_wrapper_client: %zu events, none for the waker\n",
              events->size());
  return 1;
}

// The backend conformance suite: the seam contract of mio/sys/selector.h,
// run against every backend the platform has. BUILD.bazel links one binary
// per backend; backend_list.h names its ops table.
//
// Each suite is a TEST_P over a backend's ops table. Its Poll is made with
// mio_poll_new_with_ops, so the public API (sources, wakers, mio_poll_poll)
// runs on that backend; cases that check the seam itself call the ops table
// directly. Timeout cases count the backend's select calls through a
// wrapper table (CountSelects) instead of measuring wall time.
#ifndef MIO_TESTING_BACKEND_CONFORMANCE_H_
#define MIO_TESTING_BACKEND_CONFORMANCE_H_

#include <atomic>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "mio/core/poll_internal.h"
#include "mio/mio.h"
#include "testing/backend/backend_list.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {

// The table a Poll on `requested` really runs: its fallback chain when the
// kernel refuses it (create says -ENOSYS), printed once per backend.
const mio_sys_ops* EffectiveOps(const mio_sys_ops* requested);

// "epoll", "poll", "io_uring", "iocp": the test-name suffix.
std::string BackendName(
    const ::testing::TestParamInfo<const mio_sys_ops*>& info);

// One event, decoded (the buffer is reused by the next poll).
struct Seen {
  mio_token token;
  unsigned readiness;  // k* bits of test_util.h
};

// The select calls of the Poll made by BackendTest::CountSelects.
struct SelectCount {
  std::atomic<int> entered{0};   // calls started
  std::atomic<int> returned{0};  // calls finished
};

class BackendTest : public ::testing::TestWithParam<const mio_sys_ops*> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Replaces poll_ by a Poll on a copy of the table whose select counts its
  // calls in `selects()` and then calls the real one. Sources registered
  // before are lost with the old Poll: call it first.
  void CountSelects();
  const SelectCount& selects() const;
  // Blocks until a select call has started since `before` calls (up to 5 s),
  // then gives it 20 ms to reach the kernel. Ordering help for tests that
  // act on a blocked poll from another thread; it asserts nothing.
  void AwaitSelectEntered(int before) const;

  const mio_registry* registry() const { return mio_poll_registry(poll_); }
  mio_backend backend() const { return mio_poll_backend(poll_); }
  // A new event buffer of `capacity` replacing events_.
  void ResizeEvents(size_t capacity);

  // One mio_poll_poll: its result, and the events into `out`.
  int PollInto(int64_t timeout_ns, std::vector<Seen>* out);
  // Polls (up to 10 times, 500 ms each) until every token of `tokens` has
  // been seen at least once, and returns every event seen on the way.
  std::vector<Seen> PollUntilSeen(const std::vector<mio_token>& tokens);
  // The events for `token` in `seen`.
  static std::vector<Seen> For(const std::vector<Seen>& seen, mio_token token);
  // ExpectNoEvents of test_util.h on this Poll.
  void ExpectNoEvents() { mio_test::ExpectNoEvents(poll_, events_); }

  const mio_sys_ops* ops_ = nullptr;  // the effective table
  mio_poll* poll_ = nullptr;
  mio_events* events_ = nullptr;

 private:
  mio_sys_ops counting_ops_ = {};
};

// Instantiates `suite` (a class deriving from BackendTest) once per
// compiled backend: tests are named Backends/<suite>.<case>/<backend>.
#define MIO_TEST_EVERY_BACKEND(suite)                                       \
  INSTANTIATE_TEST_SUITE_P(                                                 \
      Backends, suite, ::testing::ValuesIn(::mio_test::CompiledBackends()), \
      ::mio_test::BackendName)

// A waker freed on scope exit, so a failed ASSERT leaks no descriptor.
struct OwnedWaker {
  mio_waker* w = nullptr;
  OwnedWaker() = default;
  OwnedWaker(const OwnedWaker&) = delete;
  OwnedWaker& operator=(const OwnedWaker&) = delete;
  ~OwnedWaker() { mio_waker_free(w); }
};

// Writes all of `len` bytes to a raw socket (blocking waits in between);
// false on an error.
bool SendAll(mio_raw_fd fd, const void* buf, size_t len);
// Reads from `src` until it would block; the byte count, or a negative code.
ptrdiff_t DrainSource(const IoSource& src);

}  // namespace mio_test

#endif  // MIO_TESTING_BACKEND_CONFORMANCE_H_

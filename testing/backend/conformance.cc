#include "testing/backend/conformance.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace mio_test {
namespace {

// The counting table's state. One counted Poll exists at a time (the
// fixture's), so plain globals do: the table's functions take no context.
SelectCount g_selects;
std::atomic<int (*)(mio_sys_selector*, mio_events*, int64_t)> g_real_select{
    nullptr};

int CountingSelect(mio_sys_selector* s, mio_events* ev, int64_t timeout_ns) {
  g_selects.entered++;
  int rc = g_real_select.load()(s, ev, timeout_ns);
  g_selects.returned++;
  return rc;
}

}  // namespace

const mio_sys_ops* EffectiveOps(const mio_sys_ops* requested) {
  static std::mutex mu;
  static std::map<const mio_sys_ops*, const mio_sys_ops*> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(requested);
  if (it != cache.end()) return it->second;
  const mio_sys_ops* ops = requested;
  mio_sys_selector* sys = nullptr;
  int rc = ops->create(&sys);
  while (rc == -MIO_ENOSYS && ops->fallback != nullptr) {
    std::printf(
        "[ backend ] %s: the kernel refused it (create -> "
        "-MIO_ENOSYS); its cases run on the fallback %s\n",
        ops->name, ops->fallback->name);
    ops = ops->fallback;
    rc = ops->create(&sys);
  }
  if (rc == 0) ops->destroy(sys);
  cache[requested] = ops;
  return ops;
}

std::string BackendName(
    const ::testing::TestParamInfo<const mio_sys_ops*>& info) {
  return info.param->name;
}

void BackendTest::SetUp() {
  ops_ = EffectiveOps(GetParam());
  ASSERT_EQ(mio_poll_new_with_ops(&poll_, ops_), 0) << ops_->name;
  ASSERT_EQ(mio_poll_backend(poll_), ops_->backend);
  ASSERT_EQ(mio_events_new(&events_, 64), 0);
}

void BackendTest::TearDown() {
  mio_events_free(events_);
  mio_poll_free(poll_);
}

void BackendTest::CountSelects() {
  counting_ops_ = *ops_;
  counting_ops_.select = CountingSelect;
  counting_ops_.fallback = nullptr;  // ops_ is already the effective table
  g_real_select = ops_->select;
  g_selects.entered = 0;
  g_selects.returned = 0;
  mio_poll_free(poll_);
  poll_ = nullptr;
  ASSERT_EQ(mio_poll_new_with_ops(&poll_, &counting_ops_), 0);
}

const SelectCount& BackendTest::selects() const { return g_selects; }

void BackendTest::AwaitSelectEntered(int before) const {
  for (int i = 0; i < 5000 && g_selects.entered.load() <= before; i++) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void BackendTest::ResizeEvents(size_t capacity) {
  mio_events_free(events_);
  events_ = nullptr;
  ASSERT_EQ(mio_events_new(&events_, capacity), 0);
}

int BackendTest::PollInto(int64_t timeout_ns, std::vector<Seen>* out) {
  int rc = mio_poll_poll(poll_, events_, timeout_ns);
  for (size_t i = 0; i < mio_events_len(events_); i++) {
    const mio_event* e = mio_events_get(events_, i);
    out->push_back({mio_event_token(e), Readiness(e)});
  }
  return rc;
}

std::vector<Seen> BackendTest::PollUntilSeen(
    const std::vector<mio_token>& tokens) {
  std::vector<Seen> seen;
  std::set<mio_token> missing(tokens.begin(), tokens.end());
  for (int attempt = 0; attempt < 10 && !missing.empty(); attempt++) {
    size_t first = seen.size();
    int rc = PollInto(500 * kNsPerMs, &seen);
    EXPECT_EQ(rc, 0) << mio_strerror(rc);
    if (rc != 0) break;
    for (size_t i = first; i < seen.size(); i++) missing.erase(seen[i].token);
  }
  for (mio_token t : missing) ADD_FAILURE() << "no event for token " << t;
  return seen;
}

std::vector<Seen> BackendTest::For(const std::vector<Seen>& seen,
                                   mio_token token) {
  std::vector<Seen> out;
  for (const Seen& s : seen) {
    if (s.token == token) out.push_back(s);
  }
  return out;
}

bool SendAll(mio_raw_fd fd, const void* buf, size_t len) {
  const char* p = static_cast<const char*>(buf);
  while (len > 0) {
    ptrdiff_t n = RawSend(fd, p, len);
    if (n == -MIO_EAGAIN) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

ptrdiff_t DrainSource(const IoSource& src) {
  char buf[4096];
  ptrdiff_t total = 0;
  for (;;) {
    ptrdiff_t n = src.Read(buf, sizeof buf);
    if (n == -MIO_EAGAIN) return total;
    if (n <= 0) return n < 0 ? n : total;  // EOF ends the drain too
    total += n;
  }
}

}  // namespace mio_test

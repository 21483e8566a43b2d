// register / reregister / deregister (selector.h: "-EEXIST for a registered
// fd, -ENOENT for an unknown one"; API.md §4): at the seam, then through the
// public API on loopback TCP.
#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Registration : public BackendTest {};
MIO_TEST_EVERY_BACKEND(Registration);

constexpr char kByte = 'x';

// A selector made straight from the table, destroyed on scope exit.
class RawSelector {
 public:
  explicit RawSelector(const mio_sys_ops* ops) : ops_(ops) {
    EXPECT_EQ(ops_->create(&sys_), 0) << ops_->name;
  }
  ~RawSelector() {
    if (sys_ != nullptr) ops_->destroy(sys_);
  }
  mio_sys_selector* get() const { return sys_; }

 private:
  const mio_sys_ops* ops_;
  mio_sys_selector* sys_ = nullptr;
};

TEST_P(Registration, SeamRejectsDuplicateAndUnknownDescriptors) {
  TcpPair a, b;
  RawSelector sel(ops_);
  ASSERT_NE(sel.get(), nullptr);
  mio_sys_selector* s = sel.get();
  const mio_interest r = MIO_INTEREST_READABLE;
  ASSERT_EQ(ops_->register_fd(s, a.server.fd(), 1, r), 0);
  EXPECT_EQ(ops_->register_fd(s, a.server.fd(), 2, r), -MIO_EEXIST);
  EXPECT_EQ(ops_->reregister_fd(s, b.server.fd(), 3, r), -MIO_ENOENT);
  EXPECT_EQ(ops_->deregister_fd(s, b.server.fd()), -MIO_ENOENT);
  EXPECT_EQ(ops_->reregister_fd(s, a.server.fd(), 4, r), 0);
  EXPECT_EQ(ops_->deregister_fd(s, a.server.fd()), 0);
  EXPECT_EQ(ops_->deregister_fd(s, a.server.fd()), -MIO_ENOENT);
  EXPECT_EQ(ops_->reregister_fd(s, a.server.fd(), 5, r), -MIO_ENOENT);
  // Registering again after deregister is allowed (API.md §4).
  EXPECT_EQ(ops_->register_fd(s, a.server.fd(), 6, r), 0);
  EXPECT_EQ(ops_->deregister_fd(s, a.server.fd()), 0);
}

// select stores at most ev->cap events, sets the length and returns it;
// timeout 0 with nothing ready returns 0 with an empty buffer.
TEST_P(Registration, SeamSelectReturnsItsEventCount) {
  TcpPair p[3];
  RawSelector sel(ops_);
  ASSERT_NE(sel.get(), nullptr);
  mio_events* two = nullptr;
  ASSERT_EQ(mio_events_new(&two, 2), 0);
  EXPECT_EQ(ops_->select(sel.get(), two, 0), 0);
  EXPECT_EQ(mio_events_len(two), 0u);
  for (int i = 0; i < 3; i++) {
    ASSERT_TRUE(SendAll(p[i].client.fd(), &kByte, 1));
    ASSERT_TRUE(WaitReadable(p[i].server.fd(), 5000));
    ASSERT_EQ(ops_->register_fd(sel.get(), p[i].server.fd(), i,
                                MIO_INTEREST_READABLE),
              0);
  }
  int total = 0;
  for (int i = 0; i < 10 && total < 3; i++) {
    int n = ops_->select(sel.get(), two, 500 * kNsPerMs);
    ASSERT_GE(n, 0) << mio_strerror(n);
    EXPECT_LE(n, 2);
    EXPECT_EQ(static_cast<size_t>(n), mio_events_len(two));
    total += n;
  }
  EXPECT_EQ(total, 3);
  for (int i = 0; i < 3; i++) {
    EXPECT_EQ(ops_->deregister_fd(sel.get(), p[i].server.fd()), 0);
  }
  mio_events_free(two);
}

// raw_fd is the selector's descriptor or -ENOTSUP; rearm_fd is NULL only
// where readiness never needs re-arming.
TEST_P(Registration, SeamDescribesItself) {
  RawSelector sel(ops_);
  ASSERT_NE(sel.get(), nullptr);
  int fd = ops_->raw_fd(sel.get());
  EXPECT_TRUE(fd >= 0 || fd == -MIO_ENOTSUP) << fd;
#ifndef _WIN32
  if (fd >= 0) {
    EXPECT_TRUE(IsCloexec(fd)) << "selector fd " << fd;
  }
#endif
  EXPECT_STREQ(ops_->name, mio_backend_name(ops_->backend));
  bool builtin_waker = ops_->waker_init != nullptr;
  EXPECT_EQ(builtin_waker, ops_->waker_wake != nullptr);
  EXPECT_EQ(builtin_waker, ops_->waker_fini != nullptr);
}

TEST_P(Registration, ReadyAtRegistrationIsReportedByTheFirstPoll) {
  TcpPair p;
  ASSERT_TRUE(SendAll(p.client.fd(), &kByte, 1));
  ASSERT_TRUE(WaitReadable(p.server.fd(), 5000));
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 7,
                                  MIO_INTEREST_READABLE),
            0);
  std::vector<Seen> seen = PollUntilSeen({7});
  ASSERT_EQ(For(seen, 7).size(), 1u);
  EXPECT_TRUE(For(seen, 7)[0].readiness & kReadable);
}

// A READABLE-only registration of a writable socket never reports it.
TEST_P(Registration, OnlyTheRegisteredInterestIsReported) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  ASSERT_TRUE(SendAll(p.client.fd(), &kByte, 1));
  std::vector<Seen> seen = PollUntilSeen({1});
  ASSERT_EQ(For(seen, 1).size(), 1u);
  EXPECT_FALSE(For(seen, 1)[0].readiness & kWritable);
}

// reregister replaces token and interest (not merged) and re-evaluates.
TEST_P(Registration, ReregisterReplacesTokenAndInterest) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  ASSERT_EQ(mio_registry_reregister(registry(), p.server.source(), 2,
                                    MIO_INTEREST_WRITABLE),
            0);
  std::vector<Seen> seen = PollUntilSeen({2});
  EXPECT_TRUE(For(seen, 1).empty());
  ASSERT_EQ(For(seen, 2).size(), 1u);
  EXPECT_TRUE(For(seen, 2)[0].readiness & kWritable);
  // Data now: the registration is WRITABLE only, so nothing is reported.
  ASSERT_TRUE(SendAll(p.client.fd(), &kByte, 1));
  ASSERT_TRUE(WaitReadable(p.server.fd(), 5000));
  ExpectNoEvents();
}

TEST_P(Registration, DeregisteredSourceIsSilentAndCanRegisterAgain) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_deregister(registry(), p.server.source()), 0);
  ASSERT_TRUE(SendAll(p.client.fd(), &kByte, 1));
  ASSERT_TRUE(WaitReadable(p.server.fd(), 5000));
  ExpectNoEvents();
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 3,
                                  MIO_INTEREST_READABLE),
            0);
  std::vector<Seen> seen = PollUntilSeen({3});
  EXPECT_TRUE(For(seen, 1).empty());
  EXPECT_EQ(For(seen, 3).size(), 1u);
}

// Closing a registered source: no later poll returns its token (API.md
// §7.6; release_on_close backends deregister first).
TEST_P(Registration, ClosedSourceIsNeverReported) {
  TcpPair p;
  ASSERT_TRUE(SendAll(p.client.fd(), &kByte, 1));
  ASSERT_TRUE(WaitReadable(p.server.fd(), 5000));
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(p.server.Close(), 0);
  ExpectNoEvents();
}

}  // namespace
}  // namespace mio_test

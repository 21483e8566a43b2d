// Registry argument rules and the association table (API.md §2, §4, §7.5,
// §15.3, §15.4) on mio_io_source, a built-in source, on every platform.
// OS registration failures on descriptors (a closed socketpair end, a
// regular file) are POSIX-only: registry_posix_test.cc.
#include <cstring>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;
constexpr mio_interest kW = MIO_INTEREST_WRITABLE;

using Registry = PollTest;

TEST_F(Registry, NullArgumentsAreEinval) {
  TcpPair p;
  EXPECT_EQ(mio_registry_register(nullptr, p.client.source(), 1, kR),
            -MIO_EINVAL);
  EXPECT_EQ(mio_registry_register(registry(), nullptr, 1, kR), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_reregister(nullptr, p.client.source(), 1, kR),
            -MIO_EINVAL);
  EXPECT_EQ(mio_registry_reregister(registry(), nullptr, 1, kR), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_deregister(nullptr, p.client.source()), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_deregister(registry(), nullptr), -MIO_EINVAL);
  // None of those registered anything.
  EXPECT_EQ(mio_registry_deregister(registry(), p.client.source()),
            -MIO_ENOENT);
}

TEST_F(Registry, SourceWithoutOpsIsEinval) {
  mio_source s = {nullptr};
  EXPECT_EQ(mio_registry_register(registry(), &s, 1, kR), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_reregister(registry(), &s, 1, kR), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_deregister(registry(), &s), -MIO_EINVAL);
}

int RegisterOnly(mio_source*, const mio_registry*, mio_token, mio_interest) {
  return 0;
}

TEST_F(Registry, MissingOpPointerIsEinval) {
  static const mio_source_ops kOnlyRegister = {RegisterOnly, nullptr, nullptr};
  static const mio_source_ops kNone = {nullptr, nullptr, nullptr};
  mio_source s = {&kOnlyRegister};
  EXPECT_EQ(mio_registry_register(registry(), &s, 1, kR), 0);
  EXPECT_EQ(mio_registry_reregister(registry(), &s, 1, kR), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_deregister(registry(), &s), -MIO_EINVAL);
  s.ops = &kNone;
  EXPECT_EQ(mio_registry_register(registry(), &s, 1, kR), -MIO_EINVAL);
}

TEST_F(Registry, InvalidInterestLeavesBuiltInSourceUnregistered) {
  TcpPair p;
  for (mio_interest bad : {MIO_INTEREST_NONE, static_cast<mio_interest>(0x20),
                           static_cast<mio_interest>(0x80 | kR),
                           MIO_INTEREST_AIO, MIO_INTEREST_LIO}) {
    EXPECT_EQ(mio_registry_register(registry(), p.client.source(), 1, bad),
              -MIO_EINVAL)
        << int{bad};
  }
  EXPECT_EQ(mio_registry_reregister(registry(), p.client.source(), 1, kR),
            -MIO_ENOENT);
  ASSERT_EQ(mio_registry_register(registry(), p.client.source(), 1, kW), 0);
  // An invalid reregister changes nothing: still registered, same token.
  EXPECT_EQ(mio_registry_reregister(registry(), p.client.source(), 2,
                                    MIO_INTEREST_NONE),
            -MIO_EINVAL);
  ExpectEvents({{1, kWritable}});
}

// PRIORITY exists on Linux and Android only (mio: Interest::PRIORITY is
// cfg(any(target_os = "linux", target_os = "android"))); elsewhere EINVAL.
TEST_F(Registry, PriorityInterestIsValidWhereSupported) {
  TcpPair p;
  EXPECT_EQ(mio_registry_register(registry(), p.client.source(), 1,
                                  MIO_INTEREST_PRIORITY),
            MIO_HAS_INTEREST_PRIORITY ? 0 : -MIO_EINVAL);
}

// §15.3: the closed check comes before the association table.
TEST_F(Registry, ClosedSourceIsEbadf) {
  IoSource closed;  // all-bits-zero
  EXPECT_EQ(mio_registry_register(registry(), closed.source(), 1, kR),
            -MIO_EBADF);
  EXPECT_EQ(mio_registry_reregister(registry(), closed.source(), 1, kR),
            -MIO_EBADF);
  EXPECT_EQ(mio_registry_deregister(registry(), closed.source()), -MIO_EBADF);

  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.client.source(), 1, kR), 0);
  ASSERT_EQ(p.client.Close(), 0);
  EXPECT_EQ(mio_registry_register(registry(), p.client.source(), 1, kR),
            -MIO_EBADF);
  EXPECT_EQ(mio_registry_reregister(registry(), p.client.source(), 1, kR),
            -MIO_EBADF);
  EXPECT_EQ(mio_registry_deregister(registry(), p.client.source()), -MIO_EBADF);
}

// The §7.5 table, row by row, with a second Poll.
TEST_F(Registry, AssociationTableWithTwoPolls) {
  mio_poll* poll2 = nullptr;
  ASSERT_EQ(mio_poll_new(&poll2), 0);
  const mio_registry* r2 = mio_poll_registry(poll2);
  TcpPair p;
  mio_source* src = p.client.source();

  // unregistered: reregister/deregister -> ENOENT
  EXPECT_EQ(mio_registry_reregister(registry(), src, 1, kW), -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), src), -MIO_ENOENT);
  // register -> registered with this Poll
  ASSERT_EQ(mio_registry_register(registry(), src, 1, kW), 0);
  // registered (any Poll): register -> EEXIST
  EXPECT_EQ(mio_registry_register(registry(), src, 1, kW), -MIO_EEXIST);
  EXPECT_EQ(mio_registry_register(r2, src, 1, kW), -MIO_EEXIST);
  // registered with another Poll: reregister/deregister -> EEXIST, unchanged
  EXPECT_EQ(mio_registry_reregister(r2, src, 9, kR), -MIO_EEXIST);
  EXPECT_EQ(mio_registry_deregister(r2, src), -MIO_EEXIST);
  ExpectEvents({{1, kWritable}});
  // registered with this Poll: reregister works
  ASSERT_EQ(mio_registry_reregister(registry(), src, 2, kW), 0);
  ExpectEvents({{2, kWritable}});
  // deregister -> unregistered; then the other Poll may take it
  ASSERT_EQ(mio_registry_deregister(registry(), src), 0);
  EXPECT_EQ(mio_registry_deregister(registry(), src), -MIO_ENOENT);
  ASSERT_EQ(mio_registry_register(r2, src, 3, kW), 0);
  EXPECT_EQ(mio_registry_register(registry(), src, 3, kW), -MIO_EEXIST);
  ExpectNoEvents();
  mio_test::ExpectEvents(poll2, events_, {{3, kWritable}});
  ASSERT_EQ(mio_registry_deregister(r2, src), 0);
  mio_poll_free(poll2);
}

// "Same Poll" means the borrowed registry or any of its clones.
TEST_F(Registry, ClonesShareAssociationIdentity) {
  mio_registry *c1 = nullptr, *c2 = nullptr;
  ASSERT_EQ(mio_registry_try_clone(registry(), &c1), 0);
  ASSERT_EQ(mio_registry_try_clone(c1, &c2), 0);
  TcpPair p;
  ASSERT_EQ(mio_registry_register(c1, p.client.source(), 1, kR), 0);
  EXPECT_EQ(mio_registry_register(c2, p.client.source(), 1, kR), -MIO_EEXIST);
  ASSERT_EQ(mio_registry_reregister(registry(), p.client.source(), 2, kW), 0);
  ExpectEvents({{2, kWritable}});
  ASSERT_EQ(mio_registry_deregister(c2, p.client.source()), 0);
  ExpectNoEvents();
  mio_registry_free(c2);
  mio_registry_free(c1);
}

TEST_F(Registry, TryCloneArguments) {
  mio_registry* out = reinterpret_cast<mio_registry*>(1);
  EXPECT_EQ(mio_registry_try_clone(nullptr, &out), -MIO_EINVAL);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(mio_registry_try_clone(registry(), nullptr), -MIO_EINVAL);
  mio_registry_free(nullptr);
}

// §4: the borrowed registry must never be freed; if it is, it is a no-op.
TEST_F(Registry, FreeingBorrowedRegistryIsNoOp) {
  const mio_registry* r = registry();
  mio_registry_free(const_cast<mio_registry*>(r));
  mio_registry_free(const_cast<mio_registry*>(r));
  EXPECT_EQ(registry(), r);
  TcpPair p;
  ASSERT_EQ(mio_registry_register(r, p.client.source(), 5, kW), 0);
  ExpectEvents({{5, kWritable}});
  EXPECT_EQ(mio_poll_registry(nullptr), nullptr);
}

// §4, §15.4: a clone outlives its Poll; every later call is memory-safe.
TEST(RegistryClone, CloneOutlivesPoll) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &clone), 0);
  TcpPair registered, fresh;
  ASSERT_EQ(mio_registry_register(clone, registered.client.source(), 1, kR), 0);
  mio_poll_free(poll);

  int rc = mio_registry_deregister(clone, registered.client.source());
  EXPECT_LE(rc, 0);
  rc = mio_registry_register(clone, fresh.client.source(), 2, kW);
  EXPECT_LE(rc, 0);
  if (rc == 0) {
    EXPECT_LE(mio_registry_reregister(clone, fresh.client.source(), 3, kR), 0);
  }
  mio_registry* clone2 = nullptr;
  rc = mio_registry_try_clone(clone, &clone2);
  EXPECT_LE(rc, 0);
  mio_waker* w = nullptr;
  if (mio_waker_new(clone, 4, &w) == 0) {
    EXPECT_LE(mio_waker_wake(w), 0);
    mio_waker_free(w);
  }
  mio_registry_free(clone2);
  mio_registry_free(clone);
  // Sources still registered with the freed Poll can be closed.
  EXPECT_EQ(fresh.client.Close(), 0);
}

// §4: a source still registered with a freed Poll can be closed or released.
TEST(RegistryClone, SourceRegisteredWithFreedPollCanBeReleased) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  TcpPair p;
  ASSERT_EQ(
      mio_registry_register(mio_poll_registry(poll), p.client.source(), 1, kR),
      0);
  ASSERT_EQ(
      mio_registry_register(mio_poll_registry(poll), p.server.source(), 2, kR),
      0);
  mio_poll_free(poll);
  EXPECT_EQ(p.client.Close(), 0);
  mio_raw_fd fd = mio_io_source_into_raw_fd(p.server.get());
  EXPECT_NE(fd, MIO_INVALID_RAW_FD);
  EXPECT_EQ(RawClose(fd), 0);
}

}  // namespace
}  // namespace mio_test

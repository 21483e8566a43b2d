// Event buffers smaller than the ready set (selector.h: "stores at most
// ev->cap events"; API.md §4: "further ready events stay queued for later
// calls"), and many registrations at once.
#include <memory>
#include <set>

#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Capacity : public BackendTest {};
MIO_TEST_EVERY_BACKEND(Capacity);

// Five ready sockets and a wake, one event per poll: each is delivered
// exactly once across six polls, then nothing is left.
TEST_P(Capacity, CapacityOneDeliversEveryEventAcrossPolls) {
  ResizeEvents(1);
  OwnedWaker waker;
  constexpr mio_token kWaker = 99;
  ASSERT_EQ(mio_waker_new(registry(), kWaker, &waker.w), 0);
  constexpr int kPairs = 5;
  TcpPair p[kPairs];
  std::set<mio_token> expected = {kWaker};
  for (int i = 0; i < kPairs; i++) {
    ASSERT_TRUE(SendAll(p[i].client.fd(), "c", 1));
    ASSERT_TRUE(WaitReadable(p[i].server.fd(), 5000));
    ASSERT_EQ(mio_registry_register(registry(), p[i].server.source(), i,
                                    MIO_INTEREST_READABLE),
              0);
    expected.insert(static_cast<mio_token>(i));
  }
  ASSERT_EQ(mio_waker_wake(waker.w), 0);
  std::multiset<mio_token> seen;
  for (int polls = 0; polls < 20 && seen.size() < expected.size(); polls++) {
    std::vector<Seen> got;
    ASSERT_EQ(PollInto(500 * kNsPerMs, &got), 0);
    ASSERT_LE(got.size(), 1u);
    for (const Seen& e : got) seen.insert(e.token);
  }
  EXPECT_EQ(std::set<mio_token>(seen.begin(), seen.end()), expected);
  EXPECT_EQ(seen.size(), expected.size()) << "a token was delivered twice";
  ExpectNoEvents();
}

// 1000 registered UDP sockets, every tenth receives a datagram: exactly
// those 100 tokens are reported, each once.
TEST_P(Capacity, ManySourcesReportOnlyTheReadyOnes) {
  constexpr int kSources = 1000, kEvery = 10;
  std::vector<std::unique_ptr<IoSource>> sockets;
  std::vector<SockAddr> addrs(kSources);
  for (int i = 0; i < kSources; i++) {
    mio_raw_fd fd = RawUdpSocket(LoopbackV4(), &addrs[i]);
    ASSERT_NE(fd, MIO_INVALID_RAW_FD) << "socket " << i;
    sockets.push_back(std::make_unique<IoSource>(fd));
    ASSERT_EQ(mio_registry_register(registry(), sockets.back()->source(), i,
                                    MIO_INTEREST_READABLE),
              0)
        << "socket " << i;
  }
  SockAddr unused;
  mio_raw_fd sender = RawUdpSocket(LoopbackV4(), &unused);
  ASSERT_NE(sender, MIO_INVALID_RAW_FD);
  std::set<mio_token> fired;
  for (int i = 0; i < kSources; i += kEvery) {
    ASSERT_EQ(sendto(sender, "u", 1, 0, addrs[i].get(), addrs[i].len), 1);
    fired.insert(static_cast<mio_token>(i));
  }
  RawClose(sender);
  std::multiset<mio_token> seen;
  for (int polls = 0; polls < 20 && seen.size() < fired.size(); polls++) {
    std::vector<Seen> got;
    ASSERT_EQ(PollInto(500 * kNsPerMs, &got), 0);
    for (const Seen& e : got) seen.insert(e.token);
  }
  EXPECT_EQ(std::set<mio_token>(seen.begin(), seen.end()), fired);
  EXPECT_EQ(seen.size(), fired.size()) << "a token was delivered twice";
  ExpectNoEvents();
}

}  // namespace
}  // namespace mio_test

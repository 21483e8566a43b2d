// Shared pieces of the //testing/cpp suites: a Poll + Events fixture and an
// assign-or-fail macro for absl::StatusOr.
#ifndef MIO_TESTING_CPP_CPP_TEST_UTIL_H_
#define MIO_TESTING_CPP_CPP_TEST_UTIL_H_

#include <optional>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/util/test_util.h"

// `auto var = *expr;` after asserting `expr` (an absl::StatusOr) is OK.
#define MIO_ASSIGN_OR_FAIL(var, expr)                               \
  auto var##_or = (expr);                                           \
  ASSERT_TRUE(var##_or.ok()) << #expr << ": " << var##_or.status(); \
  auto var = *std::move(var##_or)

namespace mio_cpp_test {

// A Poll and a 16-event buffer, created through the wrapper.
class CppPollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto poll = mio::Poll::create();
    ASSERT_TRUE(poll.ok()) << poll.status();
    poll_.emplace(*std::move(poll));
    auto events = mio::Events::with_capacity(16);
    ASSERT_TRUE(events.ok()) << events.status();
    events_.emplace(*std::move(events));
  }
  mio::Poll& poll() { return *poll_; }
  mio::Events& events() { return *events_; }
  mio::Registry registry() { return poll_->registry(); }
  // The C suites' expectations (testing/util), through the raw pointers.
  void ExpectEvents(std::vector<mio_test::ExpectEvent> expected) {
    mio_test::ExpectEvents(poll().raw(), events().raw(), std::move(expected));
  }
  void ExpectNoEvents() {
    mio_test::ExpectNoEvents(poll().raw(), events().raw());
  }

  std::optional<mio::Poll> poll_;
  std::optional<mio::Events> events_;
};

}  // namespace mio_cpp_test

#endif  // MIO_TESTING_CPP_CPP_TEST_UTIL_H_

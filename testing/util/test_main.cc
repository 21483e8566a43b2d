// gtest main for mio-c: every test must close every descriptor it opens.
// A listener counts /proc/self/fd when a test starts and fails the test if
// the count grew by the time it ends.
#include "gtest/gtest.h"
#include "testing/util/test_util.h"

namespace {

class FdLeakListener : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override {
    before_ = mio_test::CountOpenFds();
  }
  void OnTestEnd(const testing::TestInfo& info) override {
    int after = mio_test::CountOpenFds();
    if (before_ < 0 || after < 0) return;
    // EXPECT inside OnTestEnd is still attributed to the running test.
    EXPECT_LE(after, before_)
        << info.test_suite_name() << "." << info.name() << " leaked "
        << (after - before_) << " file descriptor(s)";
  }

 private:
  int before_ = -1;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  mio_test::WarmUpLazyHandles();
  testing::UnitTest::GetInstance()->listeners().Append(new FdLeakListener);
  return RUN_ALL_TESTS();
}

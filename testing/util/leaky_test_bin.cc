// Deliberately leaks a descriptor: fd_leak_check_test expects test_main to
// fail this binary.
#include <unistd.h>

#include "gtest/gtest.h"

TEST(Leaky, LeaksOneDescriptor) {
  int fd = dup(0);
  ASSERT_GE(fd, 0);
}

TEST(Leaky, ClosesWhatItOpens) {
  int fd = dup(0);
  ASSERT_GE(fd, 0);
  close(fd);
}

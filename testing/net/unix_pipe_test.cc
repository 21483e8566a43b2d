// Port of mio's tests/unix_pipe.rs (API.md §12.1, §14 unix_pipe.rs).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "gtest/gtest.h"
#include "mio/sys/pipe.h"
#include "testing/net/net_test_util.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using mio_test::kWritable;
using Sender = Owned<mio_pipe_sender, mio_pipe_sender_close>;
using Receiver = Owned<mio_pipe_receiver, mio_pipe_receiver_close>;

constexpr mio_token kReceiver = 0;
constexpr mio_token kSender = 1;
constexpr char kData1[] = "Hello world";
constexpr size_t kData1Len = sizeof kData1 - 1;

class UnixPipeTest : public NetTest {
 protected:
  int Reg(Sender* s) {
    return mio_registry_register(reg_, mio_pipe_sender_source(s->get()),
                                 kSender, MIO_INTEREST_WRITABLE);
  }
  int Reg(Receiver* r) {
    return mio_registry_register(reg_, mio_pipe_receiver_source(r->get()),
                                 kReceiver, MIO_INTEREST_READABLE);
  }

  // mio's expect_one_closed_event: one 1 s poll returns exactly one event,
  // for `token`, with read_closed (`read`) or write_closed.
  void ExpectOneClosedEvent(mio_token token, bool read) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * mio_test::kNsPerMs), 0);
    ASSERT_EQ(mio_events_len(events_), 1u) << mio_test::FormatEvents(events_);
    const mio_event* e = mio_events_get(events_, 0);
    EXPECT_EQ(mio_event_token(e), token) << mio_test::FormatEvent(e);
    if (read) {
      EXPECT_TRUE(mio_event_is_read_closed(e)) << mio_test::FormatEvent(e);
    } else {
      EXPECT_TRUE(mio_event_is_write_closed(e)) << mio_test::FormatEvent(e);
    }
  }
};

TEST_F(UnixPipeTest, Smoke) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  for (int fd : {mio_pipe_sender_as_raw_fd(tx.get()),
                 mio_pipe_receiver_as_raw_fd(rx.get())}) {
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));
  }
  char buf[20];
  AssertWouldBlock(mio_pipe_receiver_read(rx.get(), buf, sizeof buf));
  ASSERT_EQ(Reg(&rx), 0);
  ASSERT_EQ(Reg(&tx), 0);
  ExpectEvents({{kSender, kWritable}});
  ASSERT_EQ(mio_pipe_sender_write(tx.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  ExpectEvents({{kReceiver, kReadable}});
  ptrdiff_t n = mio_pipe_receiver_read(rx.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
}

TEST_F(UnixPipeTest, VectoredWriteAndRead) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  ASSERT_EQ(Reg(&rx), 0);
  mio_iovec out[2] = {{const_cast<char*>("Hello "), 6},
                      {const_cast<char*>("world"), 5}};
  ASSERT_EQ(mio_pipe_sender_writev(tx.get(), out, 2), 11);
  ExpectEvents({{kReceiver, kReadable}});
  char a[6], b[6];
  std::memset(b, '#', sizeof b);
  mio_iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
  ASSERT_EQ(mio_pipe_receiver_readv(rx.get(), in, 2), 11);
  EXPECT_EQ(Str(a, 6), "Hello ");
  EXPECT_EQ(Str(b, 5), "world");
  EXPECT_EQ(b[5], '#');
}

TEST_F(UnixPipeTest, ClosingSenderGivesOneReadClosedEvent) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  ASSERT_EQ(Reg(&rx), 0);
  Barrier barrier(2);
  Thread t([&] {
    EXPECT_EQ(mio_pipe_sender_write(tx.get(), kData1, kData1Len),
              (ptrdiff_t)kData1Len);
    barrier.Wait();
    barrier.Wait();
    tx.Close();
    barrier.Wait();
  });
  barrier.Wait();  // the write completed
  ExpectEvents({{kReceiver, kReadable}});
  barrier.Wait();  // let the thread close the sender
  barrier.Wait();  // closed
  ExpectOneClosedEvent(kReceiver, /*read=*/true);
}

TEST_F(UnixPipeTest, ClosingReceiverGivesOneWriteClosedEvent) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  ASSERT_EQ(Reg(&tx), 0);
  Barrier barrier(2);
  Thread t([&] {
    barrier.Wait();
    rx.Close();
    barrier.Wait();
  });
  ExpectEvents({{kSender, kWritable}});
  barrier.Wait();
  barrier.Wait();
  ExpectOneClosedEvent(kSender, /*read=*/false);
}

// `cat` with its stdin and stdout on pipes; returns the pid or -1. The
// parent's ends (`*to_child`, `*from_child`) are close-on-exec.
pid_t SpawnCat(int* to_child, int* from_child) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return -1;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  char arg0[] = "cat";
  char* argv[] = {arg0, nullptr};
  char* envp[] = {nullptr};  // mio's env_clear()
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, "cat", &fa, nullptr, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    ADD_FAILURE() << "failed to start `cat`: " << strerror(rc);
    return -1;
  }
  *to_child = in[1];
  *from_child = out[0];
  return pid;
}

int WaitChild(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

TEST_F(UnixPipeTest, ChildProcessIoThroughRawFds) {
  int to_child = -1, from_child = -1;
  pid_t pid = SpawnCat(&to_child, &from_child);
  ASSERT_GT(pid, 0);
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_sender_from_raw_fd(tx.get(), to_child), 0);
  ASSERT_EQ(mio_pipe_receiver_from_raw_fd(rx.get(), from_child), 0);
  // from_raw_fd leaves the mode alone (API.md §12.1).
  EXPECT_FALSE(mio_test::IsNonBlocking(from_child));
  ASSERT_EQ(Reg(&rx), 0);
  ASSERT_EQ(Reg(&tx), 0);
  ExpectEvents({{kSender, kWritable}});
  ASSERT_EQ(mio_pipe_sender_write(tx.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  ExpectEvents({{kReceiver, kReadable}});
  char buf[20];
  ptrdiff_t n = mio_pipe_receiver_read(rx.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);

  tx.Close();  // cat sees EOF and exits, closing its stdout
  ExpectOneClosedEvent(kReceiver, /*read=*/true);
  int status = WaitChild(pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(UnixPipe, ChildStdoutMadeNonBlockingReadsWouldBlock) {
  int to_child = -1, from_child = -1;
  pid_t pid = SpawnCat(&to_child, &from_child);
  ASSERT_GT(pid, 0);
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_sender_from_raw_fd(tx.get(), to_child), 0);
  ASSERT_EQ(mio_pipe_receiver_from_raw_fd(rx.get(), from_child), 0);
  ASSERT_EQ(mio_pipe_receiver_set_nonblocking(rx.get(), true), 0);
  EXPECT_TRUE(mio_test::IsNonBlocking(from_child));
  char buf[20];
  AssertWouldBlock(mio_pipe_receiver_read(rx.get(), buf, sizeof buf));
  ASSERT_EQ(mio_pipe_sender_set_nonblocking(tx.get(), true), 0);
  EXPECT_TRUE(mio_test::IsNonBlocking(to_child));
  ASSERT_EQ(mio_pipe_receiver_set_nonblocking(rx.get(), false), 0);
  EXPECT_FALSE(mio_test::IsNonBlocking(from_child));
  tx.Close();
  WaitChild(pid);
}

TEST(UnixPipe, RawFdRoundTrip) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  mio_raw_fd fd1 = mio_pipe_sender_as_raw_fd(tx.get());
  mio_raw_fd fd2 = mio_pipe_sender_into_raw_fd(tx.get());
  EXPECT_EQ(fd1, fd2);
  EXPECT_EQ(mio_pipe_sender_as_raw_fd(tx.get()), MIO_INVALID_RAW_FD);
  Sender again;
  ASSERT_EQ(mio_pipe_sender_from_raw_fd(again.get(), fd2), 0);
  EXPECT_EQ(mio_pipe_sender_write(again.get(), "x", 1), 1);
  char c = 0;
  EXPECT_EQ(mio_pipe_receiver_read(rx.get(), &c, 1), 1);
  EXPECT_EQ(c, 'x');
}

// Data written before the sender closes is read before EOF.
TEST_F(UnixPipeTest, DataWrittenBeforeCloseIsNotLost) {
  Sender tx;
  Receiver rx;
  ASSERT_EQ(mio_pipe_new(tx.get(), rx.get()), 0);
  ASSERT_EQ(Reg(&rx), 0);
  ASSERT_EQ(mio_pipe_sender_write(tx.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  tx.Close();
  ExpectEvents({{kReceiver, kReadable}});
  char buf[20];
  ptrdiff_t n = mio_pipe_receiver_read(rx.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  EXPECT_EQ(mio_pipe_receiver_read(rx.get(), buf, sizeof buf), 0);
}

}  // namespace
}  // namespace mio_net_test

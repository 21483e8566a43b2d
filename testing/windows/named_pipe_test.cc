// mio_named_pipe (API.md §12.3): mio's tests/win_named_pipe.rs (§14) plus
// the C API's bad-input rules (§2, §15). Windows only; runs under Wine.
#include <windows.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

// Owns a mio_named_pipe; closing twice is a no-op (closed state).
struct Pipe {
  mio_named_pipe p{};
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() { EXPECT_EQ(mio_named_pipe_close(&p), 0); }
  mio_source* source() { return mio_named_pipe_source(&p); }
  int Close() { return mio_named_pipe_close(&p); }
};

// A name no other test (or concurrent test process) uses.
std::wstring UniqueName() {
  static std::atomic<int> counter{0};
  return L"\\\\.\\pipe\\mio-c-test-" + std::to_wstring(GetCurrentProcessId()) +
         L"-" + std::to_wstring(counter++);
}

std::string Narrow(const std::wstring& w) {
  return std::string(w.begin(), w.end());  // ASCII names only
}

// A server pipe at a fresh name (through the UTF-8 entry point).
void NewServer(Pipe* server, std::wstring* name) {
  *name = UniqueName();
  ASSERT_EQ(mio_named_pipe_new(&server->p, Narrow(*name).c_str()), 0);
}

// A client opened as mio's tests do (OpenOptions + FILE_FLAG_OVERLAPPED).
void NewClient(Pipe* client, const std::wstring& name) {
  HANDLE h = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
                         OPEN_EXISTING, FILE_FLAG_OVERLAPPED, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE) << "CreateFileW: " << GetLastError();
  ASSERT_EQ(mio_named_pipe_from_raw_handle(&client->p, h), 0);
}

// A server and a client connected to it, neither registered.
void ConnectedPair(Pipe* server, Pipe* client) {
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(server, &name));
  ASSERT_NO_FATAL_FAILURE(NewClient(client, name));
}

constexpr mio_interest kRW = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;

class NamedPipeTest : public PollTest {
 protected:
  // A connected server (token 0) and client (token 1), both registered.
  void RegisteredPair(Pipe* server, Pipe* client) {
    ASSERT_NO_FATAL_FAILURE(ConnectedPair(server, client));
    ASSERT_EQ(mio_registry_register(registry(), server->source(), 0, kRW), 0);
    ASSERT_EQ(mio_registry_register(registry(), client->source(), 1, kRW), 0);
  }

  // Polls (500 ms at a time, up to ~10 s) until `token` has `readiness`;
  // mio's tests loop on an infinite poll, this one cannot hang.
  bool PollUntil(mio_token token, unsigned readiness) {
    for (int i = 0; i < 20; i++) {
      if (mio_poll_poll(poll_, events_, 500 * kNsPerMs) != 0) return false;
      for (size_t j = 0; j < mio_events_len(events_); j++) {
        const mio_event* e = mio_events_get(events_, j);
        if (mio_event_token(e) == token &&
            (Readiness(e) & readiness) == readiness) {
          return true;
        }
      }
    }
    return false;
  }

  // A new server registered as token 0 with no client yet: no read can
  // start, so registering reports nothing (mio's connect_* tests).
  void ListeningServer(Pipe* server, std::wstring* name) {
    ASSERT_NO_FATAL_FAILURE(NewServer(server, name));
    ASSERT_EQ(mio_registry_register(registry(), server->source(), 0, kRW), 0);
    ASSERT_EQ(mio_poll_poll(poll_, events_, 0), 0);
    EXPECT_EQ(mio_events_len(events_), 0u) << FormatEvents(events_);
  }

  // With a connect pending on `server` (token 0): a client arrives
  // (registered as `token`), the server becomes writable and take_error
  // says the connect succeeded.
  void ClientCompletesConnect(Pipe* server, Pipe* client,
                              const std::wstring& name, mio_token token) {
    ASSERT_NO_FATAL_FAILURE(NewClient(client, name));
    ASSERT_EQ(mio_registry_register(registry(), client->source(), token, kRW),
              0);
    ASSERT_TRUE(PollUntil(0, kWritable));
    int err = -1;
    ASSERT_EQ(mio_named_pipe_take_error(&server->p, &err), 0);
    EXPECT_EQ(err, 0) << mio_strerror(err);
  }

  // mio's large-message tests: the client writes `size` bytes of `fill` at
  // once; after a readable event the server reads them all with a
  // `chunk`-sized buffer (the internal buffer is 4 KiB).
  void ExpectMessageReadInChunks(size_t size, unsigned char fill,
                                 size_t chunk) {
    Pipe server, client;
    ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
    ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    std::vector<unsigned char> msg(size, fill);
    ASSERT_EQ(mio_named_pipe_write(&client.p, msg.data(), msg.size()),
              static_cast<ptrdiff_t>(size));
    ExpectEvents({{0, kReadable}});
    EXPECT_EQ(ReadAll(&server, msg.size(), chunk), msg);
  }

  // Reads `want` bytes with a `chunk`-sized buffer, polling on would-block.
  std::vector<unsigned char> ReadAll(Pipe* server, size_t want, size_t chunk) {
    std::vector<unsigned char> got;
    std::vector<unsigned char> buf(chunk);
    for (int spins = 0; spins < 200 && got.size() < want; spins++) {
      ptrdiff_t n = mio_named_pipe_read(&server->p, buf.data(), buf.size());
      if (n == -MIO_EAGAIN) {
        EXPECT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
        continue;
      }
      EXPECT_GT(n, 0) << mio_strerror(static_cast<int>(n));
      if (n <= 0) break;
      EXPECT_LE(static_cast<size_t>(n), chunk);
      got.insert(got.end(), buf.begin(), buf.begin() + n);
    }
    return got;
  }
};

// ---------------------------------------------- mio tests/win_named_pipe.rs

TEST_F(NamedPipeTest, WritableAfterRegister) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ExpectEvents({{0, kWritable}, {1, kWritable}});
}

TEST_F(NamedPipeTest, WriteThenRead) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_EQ(mio_named_pipe_write(&client.p, "1234", 4), 4);
  ASSERT_TRUE(PollUntil(0, kReadable));
  char buf[10] = {0};
  ASSERT_EQ(mio_named_pipe_read(&server.p, buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "1234");
}

TEST_F(NamedPipeTest, ConnectBeforeClient) {
  Pipe server;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(ListeningServer(&server, &name));
  EXPECT_EQ(mio_named_pipe_connect(&server.p), -MIO_EAGAIN);
  // A second connect while the first is in flight would block as well.
  EXPECT_EQ(mio_named_pipe_connect(&server.p), -MIO_EAGAIN);

  Pipe client;
  ASSERT_NO_FATAL_FAILURE(ClientCompletesConnect(&server, &client, name, 1));
  // The connection works: data flows.
  ASSERT_EQ(mio_named_pipe_write(&client.p, "hi", 2), 2);
  ASSERT_TRUE(PollUntil(0, kReadable));
  char buf[4];
  EXPECT_EQ(mio_named_pipe_read(&server.p, buf, sizeof buf), 2);
}

TEST_F(NamedPipeTest, ConnectAfterClient) {
  Pipe server;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(ListeningServer(&server, &name));

  Pipe client;
  ASSERT_NO_FATAL_FAILURE(NewClient(&client, name));
  ASSERT_EQ(mio_registry_register(registry(), client.source(), 1, kRW), 0);
  EXPECT_EQ(mio_named_pipe_connect(&server.p), 0);
  ASSERT_TRUE(PollUntil(0, kWritable));
}

TEST_F(NamedPipeTest, WriteDisconnectedEventuallyFails) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ASSERT_EQ(client.Close(), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
  EXPECT_GT(mio_events_len(events_), 0u);
  ptrdiff_t r = -MIO_EAGAIN;
  for (int i = 0; i < 16 && r == -MIO_EAGAIN; i++) {
    const unsigned char zero = 0;
    r = mio_named_pipe_write(&server.p, &zero, 1);
    if (r == -MIO_EAGAIN) {
      ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
      EXPECT_GT(mio_events_len(events_), 0u);
    }
  }
  // mio expects ERROR_NO_DATA, which API.md §2.1 maps to EPIPE.
  EXPECT_EQ(r, -MIO_EPIPE) << mio_strerror(static_cast<int>(r));
}

TEST_F(NamedPipeTest, DataWrittenBeforeClientCloseIsReadable) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ASSERT_EQ(mio_named_pipe_write(&client.p, "1234", 4), 4);
  ASSERT_EQ(client.Close(), 0);
  ASSERT_TRUE(PollUntil(0, kReadable));
  char buf[10] = {0};
  ASSERT_EQ(mio_named_pipe_read(&server.p, buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "1234");
  // Then EOF: the client is gone (ERROR_BROKEN_PIPE reads as 0).
  ptrdiff_t n = -MIO_EAGAIN;
  for (int i = 0; i < 20 && n == -MIO_EAGAIN; i++) {
    n = mio_named_pipe_read(&server.p, buf, sizeof buf);
    if (n == -MIO_EAGAIN) {
      ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    }
  }
  EXPECT_EQ(n, 0);
}

TEST_F(NamedPipeTest, ConnectTwiceAfterDisconnect) {
  Pipe server, c1;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(&server, &name));
  ASSERT_NO_FATAL_FAILURE(NewClient(&c1, name));
  ASSERT_EQ(mio_registry_register(registry(), server.source(), 0, kRW), 0);
  ASSERT_EQ(mio_registry_register(registry(), c1.source(), 1, kRW), 0);
  ASSERT_EQ(c1.Close(), 0);

  bool eof = false;
  for (int i = 0; i < 20 && !eof; i++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    for (size_t j = 0; j < mio_events_len(events_) && !eof; j++) {
      const mio_event* e = mio_events_get(events_, j);
      if (mio_event_token(e) != 0 || !mio_event_is_readable(e)) continue;
      char buf[10];
      ptrdiff_t n = mio_named_pipe_read(&server.p, buf, sizeof buf);
      if (n == -MIO_EAGAIN) continue;
      ASSERT_EQ(n, 0) << mio_strerror(static_cast<int>(n));
      eof = true;
    }
  }
  ASSERT_TRUE(eof);

  ASSERT_EQ(mio_named_pipe_disconnect(&server.p), 0);
  EXPECT_EQ(mio_named_pipe_connect(&server.p), -MIO_EAGAIN);

  Pipe c2;
  ASSERT_NO_FATAL_FAILURE(ClientCompletesConnect(&server, &c2, name, 2));
}

TEST_F(NamedPipeTest, ReregisterDeregisterBeforeRegister) {
  Pipe pipe;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(&pipe, &name));
  EXPECT_EQ(mio_registry_reregister(registry(), pipe.source(), 0,
                                    MIO_INTEREST_READABLE),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), pipe.source()), -MIO_ENOENT);
}

TEST_F(NamedPipeTest, ReregisterDeregisterDifferentPoll) {
  Pipe pipe;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(&pipe, &name));
  mio_poll* poll2 = nullptr;
  ASSERT_EQ(mio_poll_new(&poll2), 0);
  const mio_registry* r2 = mio_poll_registry(poll2);
  ASSERT_EQ(mio_registry_register(registry(), pipe.source(), 0,
                                  MIO_INTEREST_READABLE),
            0);
  EXPECT_EQ(
      mio_registry_reregister(r2, pipe.source(), 0, MIO_INTEREST_READABLE),
      -MIO_EEXIST);
  EXPECT_EQ(mio_registry_deregister(r2, pipe.source()), -MIO_EEXIST);
  EXPECT_EQ(mio_registry_register(r2, pipe.source(), 0, MIO_INTEREST_READABLE),
            -MIO_EEXIST);
  // The port association is permanent: even after deregister (§12.3).
  ASSERT_EQ(mio_registry_deregister(registry(), pipe.source()), 0);
  EXPECT_EQ(mio_registry_register(r2, pipe.source(), 0, MIO_INTEREST_READABLE),
            -MIO_EEXIST);
  EXPECT_EQ(mio_registry_register(registry(), pipe.source(), 3,
                                  MIO_INTEREST_READABLE),
            0);
  // A registry clone is the same Poll.
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(registry(), &clone), 0);
  EXPECT_EQ(mio_registry_reregister(clone, pipe.source(), 4, kRW), 0);
  EXPECT_EQ(mio_registry_register(clone, pipe.source(), 4, kRW), -MIO_EEXIST);
  mio_registry_free(clone);
  mio_poll_free(poll2);
}

TEST_F(NamedPipeTest, ReadMessageLargerThanInternalBuffer) {
  ExpectMessageReadInChunks(8192, 0x5, 4000);
}

TEST_F(NamedPipeTest, ReadWithSmallBufferProvided) {
  ExpectMessageReadInChunks(10000, 1, 128);
}

// ------------------------------------------------------ beyond mio's tests

// A write while the previous one is pending would block; the writable event
// after its completion lets the next one in. Both directions carry data.
TEST_F(NamedPipeTest, ManyWritesBothDirections) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  std::vector<unsigned char> msg(100000);
  for (size_t i = 0; i < msg.size(); i++) msg[i] = (unsigned char)(i * 7);
  size_t sent = 0;
  std::vector<unsigned char> got;
  std::vector<unsigned char> buf(3000);
  for (int spins = 0; spins < 2000 && got.size() < msg.size(); spins++) {
    if (sent < msg.size()) {
      size_t n = msg.size() - sent < 5000 ? msg.size() - sent : 5000;
      ptrdiff_t w = mio_named_pipe_write(&server.p, msg.data() + sent, n);
      if (w > 0)
        sent += static_cast<size_t>(w);
      else
        ASSERT_EQ(w, -MIO_EAGAIN);
    }
    ptrdiff_t r = mio_named_pipe_read(&client.p, buf.data(), buf.size());
    if (r > 0) {
      got.insert(got.end(), buf.begin(), buf.begin() + r);
    } else {
      ASSERT_EQ(r, -MIO_EAGAIN);
      ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
    }
  }
  EXPECT_EQ(got, msg);
}

// I/O from another thread while this one polls (API.md §10): a writer
// thread streams into the client while the main thread reads the server.
TEST_F(NamedPipeTest, WriterThreadWhilePolling) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  constexpr size_t kTotal = 200000;
  std::atomic<bool> writer_failed{false};
  std::thread writer([&] {
    std::vector<unsigned char> chunk(777);
    size_t sent = 0;
    for (int spins = 0; spins < 100000 && sent < kTotal; spins++) {
      for (size_t i = 0; i < chunk.size(); i++) {
        chunk[i] = (unsigned char)((sent + i) % 251);
      }
      size_t n = kTotal - sent < chunk.size() ? kTotal - sent : chunk.size();
      ptrdiff_t w = mio_named_pipe_write(&client.p, chunk.data(), n);
      if (w > 0) {
        sent += static_cast<size_t>(w);
      } else if (w == -MIO_EAGAIN) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      } else {
        writer_failed = true;
        return;
      }
    }
    if (sent != kTotal) writer_failed = true;
  });
  size_t got = 0;
  bool in_order = true;
  std::vector<unsigned char> buf(1000);
  int64_t deadline = NowNs() + 20000 * kNsPerMs;
  while (got < kTotal && NowNs() < deadline && !writer_failed) {
    ptrdiff_t r = mio_named_pipe_read(&server.p, buf.data(), buf.size());
    if (r == -MIO_EAGAIN) {
      ASSERT_EQ(mio_poll_poll(poll_, events_, 50 * kNsPerMs), 0);
      continue;
    }
    ASSERT_GT(r, 0) << mio_strerror(static_cast<int>(r));
    for (ptrdiff_t i = 0; i < r; i++) {
      if (buf[i] != (unsigned char)((got + i) % 251)) in_order = false;
    }
    got += static_cast<size_t>(r);
  }
  writer.join();
  EXPECT_FALSE(writer_failed);
  EXPECT_EQ(got, kTotal);
  EXPECT_TRUE(in_order);
}

// One event per completion and no more than the buffer holds: with room
// for one event per poll, both pipes' writable events still arrive.
TEST_F(NamedPipeTest, EventsCapacityOne) {
  mio_events* one = nullptr;
  ASSERT_EQ(mio_events_new(&one, 1), 0);
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  bool seen[2] = {false, false};
  for (int i = 0; i < 20 && !(seen[0] && seen[1]); i++) {
    ASSERT_EQ(mio_poll_poll(poll_, one, 200 * kNsPerMs), 0);
    ASSERT_LE(mio_events_len(one), 1u);
    if (mio_events_len(one) == 1) {
      const mio_event* e = mio_events_get(one, 0);
      if (mio_event_token(e) < 2 && mio_event_is_writable(e)) {
        seen[mio_event_token(e)] = true;
      }
    }
  }
  EXPECT_TRUE(seen[0]);
  EXPECT_TRUE(seen[1]);
  mio_events_free(one);
}

// Interest is ignored: a READABLE-only registration reports writable too.
TEST_F(NamedPipeTest, InterestIsIgnored) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(ConnectedPair(&server, &client));
  ASSERT_EQ(mio_registry_register(registry(), server.source(), 5,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectEvents({{5, kWritable}});
}

// Deregistering stops events and I/O would block; reregister then needs a
// register; register again (same Poll) reports writable with the new token.
TEST_F(NamedPipeTest, DeregisterStopsEventsAndIo) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ASSERT_EQ(mio_registry_deregister(registry(), server.source()), 0);
  ASSERT_EQ(mio_registry_deregister(registry(), client.source()), 0);
  ExpectNoEvents();
  char c = 'x';
  EXPECT_EQ(mio_named_pipe_write(&client.p, &c, 1), -MIO_EAGAIN);
  EXPECT_EQ(mio_named_pipe_read(&server.p, &c, 1), -MIO_EAGAIN);
  EXPECT_EQ(mio_named_pipe_connect(&server.p), -MIO_EAGAIN);
  EXPECT_EQ(mio_registry_reregister(registry(), server.source(), 7, kRW),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), server.source()), -MIO_ENOENT);
  ASSERT_EQ(mio_registry_register(registry(), server.source(), 7, kRW), 0);
  EXPECT_EQ(mio_registry_register(registry(), server.source(), 7, kRW),
            -MIO_EEXIST);
  ExpectEvents({{7, kWritable}});
  // Reregister changes the token and re-reports writable.
  ASSERT_EQ(mio_registry_reregister(registry(), server.source(), 8, kRW), 0);
  ExpectEvents({{8, kWritable}});
}

// Closing registered pipes with a connect and a read pending: no event for
// them afterwards, and (the leak check) their handles go once the Poll has
// processed the cancellations.
TEST_F(NamedPipeTest, CloseWithPendingOperationsGivesNoEvents) {
  Pipe listening, server, client;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(&listening, &name));
  ASSERT_EQ(mio_registry_register(registry(), listening.source(), 9, kRW), 0);
  ASSERT_EQ(mio_named_pipe_connect(&listening.p), -MIO_EAGAIN);
  ASSERT_NO_FATAL_FAILURE(RegisteredPair(&server, &client));
  ExpectEvents({{0, kWritable}, {1, kWritable}});  // reads now pending
  ASSERT_EQ(listening.Close(), 0);
  ASSERT_EQ(server.Close(), 0);
  ASSERT_EQ(client.Close(), 0);
  for (int i = 0; i < 3; i++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
    EXPECT_EQ(mio_events_len(events_), 0u) << FormatEvents(events_);
  }
}

// A pipe keeps its Poll's selector alive: freeing the Poll first is safe,
// and closing the pipe afterwards releases everything (leak check).
TEST(NamedPipe, PollFreedBeforePipe) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(ConnectedPair(&server, &client));
  const mio_registry* r = mio_poll_registry(poll);
  ASSERT_EQ(mio_registry_register(r, server.source(), 0, kRW), 0);
  ASSERT_EQ(mio_registry_register(r, client.source(), 1, kRW), 0);
  ASSERT_EQ(mio_named_pipe_write(&client.p, "abc", 3), 3);
  mio_poll_free(poll);
  EXPECT_EQ(server.Close(), 0);
  EXPECT_EQ(client.Close(), 0);
}

// A second server instance of the same name is refused
// (FILE_FLAG_FIRST_PIPE_INSTANCE: ERROR_ACCESS_DENIED) and left closed.
// Wine ignores FILE_FLAG_FIRST_PIPE_INSTANCE and creates the instance: that
// is asserted (and said) there, so a Wine that starts refusing shows up.
TEST(NamedPipe, NameTaken) {
  Pipe first, second;
  std::wstring name = UniqueName();
  ASSERT_EQ(mio_named_pipe_new_w(&first.p, name.c_str()), 0);
  EXPECT_NE(mio_named_pipe_as_raw_handle(&first.p), nullptr);
  memset(&second.p, 0xAB, sizeof second.p);  // overwritten without reading
  int rc = mio_named_pipe_new_w(&second.p, name.c_str());
  if (RunningUnderWine()) {
    std::printf(
        "note: Wine does not enforce FILE_FLAG_FIRST_PIPE_INSTANCE; "
        "expecting a second instance there\n");
    EXPECT_EQ(rc, 0);
    EXPECT_NE(mio_named_pipe_as_raw_handle(&second.p), nullptr);
  } else {
    EXPECT_EQ(rc, -MIO_EACCES);
    EXPECT_EQ(mio_named_pipe_as_raw_handle(&second.p), nullptr);
  }
}

// ------------------------------------------------- C API: bad input (§2)

TEST(NamedPipe, NullArguments) {
  Pipe p;
  char buf[4];
  int err = 0;
  EXPECT_EQ(mio_named_pipe_new(nullptr, "\\\\.\\pipe\\x"), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_new_w(nullptr, L"\\\\.\\pipe\\x"), -MIO_EINVAL);
  memset(&p.p, 0xAB, sizeof p.p);
  EXPECT_EQ(mio_named_pipe_new(&p.p, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p.p), nullptr);  // left closed
  memset(&p.p, 0xAB, sizeof p.p);
  EXPECT_EQ(mio_named_pipe_new_w(&p.p, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p.p), nullptr);
  EXPECT_EQ(mio_named_pipe_from_raw_handle(nullptr, GetCurrentProcess()),
            -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(nullptr), nullptr);
  EXPECT_EQ(mio_named_pipe_connect(nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_disconnect(nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_take_error(nullptr, &err), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_take_error(&p.p, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_read(nullptr, buf, sizeof buf), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_read(&p.p, nullptr, 1), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_write(nullptr, buf, sizeof buf), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_write(&p.p, nullptr, 1), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_source(nullptr), nullptr);
  EXPECT_EQ(mio_named_pipe_close(nullptr), -MIO_EINVAL);
}

TEST(NamedPipe, InvalidUtf8NameIsRejected) {
  Pipe p;
  EXPECT_EQ(mio_named_pipe_new(&p.p, "\\\\.\\pipe\\bad-\xff\xfe"), -MIO_EINVAL);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p.p), nullptr);
}

TEST(NamedPipe, FromRawHandleRejectsInvalidHandles) {
  Pipe p;
  memset(&p.p, 0xAB, sizeof p.p);
  EXPECT_EQ(mio_named_pipe_from_raw_handle(&p.p, nullptr), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p.p), nullptr);
  memset(&p.p, 0xAB, sizeof p.p);
  EXPECT_EQ(mio_named_pipe_from_raw_handle(&p.p, INVALID_HANDLE_VALUE),
            -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p.p), nullptr);
}

// All-bits-zero is closed: close is a no-op, everything else is EBADF
// (argument errors first, §16.1).
TEST(NamedPipe, ClosedObject) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  const mio_registry* r = mio_poll_registry(poll);
  mio_named_pipe p{};
  char buf[4];
  int err = 0;
  EXPECT_EQ(mio_named_pipe_close(&p), 0);
  EXPECT_EQ(mio_named_pipe_close(&p), 0);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&p), nullptr);
  EXPECT_EQ(mio_named_pipe_connect(&p), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_disconnect(&p), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_take_error(&p, &err), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_read(&p, buf, sizeof buf), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_read(&p, nullptr, 0), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_write(&p, buf, sizeof buf), -MIO_EBADF);
  EXPECT_EQ(mio_named_pipe_read(&p, nullptr, 1), -MIO_EINVAL);
  mio_source* s = mio_named_pipe_source(&p);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(mio_registry_register(r, s, 0, kRW), -MIO_EBADF);
  EXPECT_EQ(mio_registry_reregister(r, s, 0, kRW), -MIO_EBADF);
  EXPECT_EQ(mio_registry_deregister(r, s), -MIO_EBADF);

  // And after a real close.
  Pipe q;
  std::wstring name;
  ASSERT_NO_FATAL_FAILURE(NewServer(&q, &name));
  ASSERT_EQ(q.Close(), 0);
  EXPECT_EQ(mio_named_pipe_as_raw_handle(&q.p), nullptr);
  EXPECT_EQ(mio_named_pipe_read(&q.p, buf, sizeof buf), -MIO_EBADF);
  EXPECT_EQ(mio_registry_register(r, q.source(), 0, kRW), -MIO_EBADF);
  mio_poll_free(poll);
}

// Until registered, read, write and connect would block (§12.3); the
// handle is usable and owned meanwhile.
TEST(NamedPipe, UntilRegisteredIoWouldBlock) {
  Pipe server, client;
  ASSERT_NO_FATAL_FAILURE(ConnectedPair(&server, &client));
  EXPECT_NE(mio_named_pipe_as_raw_handle(&server.p), nullptr);
  EXPECT_NE(mio_named_pipe_as_raw_handle(&client.p), nullptr);
  char buf[4] = {'a', 'b', 'c', 'd'};
  for (Pipe* p : {&server, &client}) {
    EXPECT_EQ(mio_named_pipe_read(&p->p, buf, sizeof buf), -MIO_EAGAIN);
    EXPECT_EQ(mio_named_pipe_write(&p->p, buf, sizeof buf), -MIO_EAGAIN);
    EXPECT_EQ(mio_named_pipe_connect(&p->p), -MIO_EAGAIN);
  }
  int err = -1;
  EXPECT_EQ(mio_named_pipe_take_error(&server.p, &err), 0);
  EXPECT_EQ(err, 0);
}

}  // namespace
}  // namespace mio_test

#include "testing/contract/env.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_contract {

namespace {

// Removes `dir` and the socket files rows created in it.
void RemoveTree(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d != nullptr) {
    while (dirent* ent = readdir(d)) {
      std::string name = ent->d_name;
      if (name != "." && name != "..") unlink((dir + "/" + name).c_str());
    }
    closedir(d);
  }
  rmdir(dir.c_str());
}

}  // namespace

Env::~Env() {
  for (auto it = cleanups_.rbegin(); it != cleanups_.rend(); ++it) (*it)();
  mio_registry_free(orphan_);
  mio_poll_free(poll_b_);
  mio_poll_free(poll_);
  mio_events_free(events_);
  if (!dir_.empty()) RemoveTree(dir_);
}

bool Env::IsGarbage(const void* p, size_t n) {
  const unsigned char* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; i++) {
    if (b[i] != kGarbage) return false;
  }
  return true;
}

mio_poll* Env::poll() {
  if (poll_ == nullptr) EXPECT_EQ(mio_poll_new(&poll_), 0);
  return poll_;
}

const mio_registry* Env::reg() { return mio_poll_registry(poll()); }

mio_events* Env::events() {
  if (events_ == nullptr) EXPECT_EQ(mio_events_new(&events_, 16), 0);
  return events_;
}

const mio_registry* Env::reg_b() {
  if (poll_b_ == nullptr) EXPECT_EQ(mio_poll_new(&poll_b_), 0);
  return mio_poll_registry(poll_b_);
}

mio_registry* Env::orphan_clone() {
  if (orphan_ == nullptr) {
    mio_poll* p = nullptr;
    EXPECT_EQ(mio_poll_new(&p), 0);
    EXPECT_EQ(mio_registry_try_clone(mio_poll_registry(p), &orphan_), 0);
    mio_poll_free(p);
  }
  return orphan_;
}

template <typename T>
T* Env::Live(T** slot, int (*close)(T*), const std::function<int(T*)>& open) {
  if (*slot == nullptr) {
    *slot = Zero(close);
    EXPECT_EQ(open(*slot), 0) << "creating a live object for the row";
  }
  return *slot;
}

mio_tcp_listener* Env::tcp_listener() {
  return Live<mio_tcp_listener>(
      &tcp_listener_, mio_tcp_listener_close, [](mio_tcp_listener* l) {
        mio_test::SockAddr a = mio_test::LoopbackV4();
        return mio_tcp_listener_bind(l, a.get(), a.len);
      });
}

mio_tcp_stream* Env::tcp_stream() {
  mio_tcp_listener* l = tcp_listener();
  return Live<mio_tcp_stream>(
      &tcp_stream_, mio_tcp_stream_close, [l](mio_tcp_stream* s) {
        sockaddr_storage a;
        socklen_t n = 0;
        int rc = mio_tcp_listener_local_addr(l, &a, &n);
        if (rc != 0) return rc;
        return mio_tcp_stream_connect(s, reinterpret_cast<sockaddr*>(&a), n);
      });
}

mio_udp_socket* Env::udp() {
  return Live<mio_udp_socket>(&udp_, mio_udp_socket_close,
                              [](mio_udp_socket* u) {
                                mio_test::SockAddr a = mio_test::LoopbackV4();
                                return mio_udp_socket_bind(u, a.get(), a.len);
                              });
}

mio_udp_socket* Env::udp6() {
  return Live<mio_udp_socket>(&udp6_, mio_udp_socket_close,
                              [](mio_udp_socket* u) {
                                mio_test::SockAddr a = mio_test::LoopbackV6();
                                return mio_udp_socket_bind(u, a.get(), a.len);
                              });
}

mio_unix_listener* Env::unix_listener() {
  std::string path = Path("listener");
  return Live<mio_unix_listener>(
      &unix_listener_, mio_unix_listener_close, [path](mio_unix_listener* l) {
        return mio_unix_listener_bind(l, path.c_str());
      });
}

mio_unix_stream* Env::unix_stream() {
  return Live<mio_unix_stream>(
      &unix_stream_, mio_unix_stream_close, [this](mio_unix_stream* a) {
        return mio_unix_stream_pair(a, Zero(mio_unix_stream_close));
      });
}

mio_unix_datagram* Env::unix_datagram() {
  return Live<mio_unix_datagram>(&unix_datagram_, mio_unix_datagram_close,
                                 mio_unix_datagram_unbound);
}

mio_unix_datagram* Env::unix_dgram_pair() {
  return Live<mio_unix_datagram>(
      &unix_dgram_pair_, mio_unix_datagram_close, [this](mio_unix_datagram* a) {
        return mio_unix_datagram_pair(a, Zero(mio_unix_datagram_close));
      });
}

mio_pipe_sender* Env::pipe_tx() {
  return Live<mio_pipe_sender>(&pipe_tx_, mio_pipe_sender_close,
                               [this](mio_pipe_sender* tx) {
                                 pipe_rx_ = Zero(mio_pipe_receiver_close);
                                 return mio_pipe_new(tx, pipe_rx_);
                               });
}

mio_pipe_receiver* Env::pipe_rx() {
  pipe_tx();
  return pipe_rx_;
}

mio_io_source* Env::io_source() {
  return Live<mio_io_source>(
      &io_source_, mio_io_source_close, [this](mio_io_source* s) {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
                       fds) != 0) {
          return -errno;
        }
        Defer([fd = fds[1]] { close(fd); });
        return mio_io_source_init(s, fds[0]);
      });
}

std::string Env::Path(const char* name) {
  if (dir_.empty()) {
    char tmpl[] = "/tmp/mio_bad_input.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
      return name;
    }
    dir_ = tmpl;
  }
  return dir_ + "/" + name;
}

std::string Env::PathOfLength(size_t n) {
  std::string p = "/tmp/";
  p.resize(n, 'p');
  return p;
}

}  // namespace mio_contract

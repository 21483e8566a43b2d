// The per-row environment of the bad-input table: everything a row needs is
// created on first use and released when the row ends, so rows are
// independent and leak nothing (test_main checks descriptors).
#ifndef MIO_TESTING_CONTRACT_ENV_H_
#define MIO_TESTING_CONTRACT_ENV_H_

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "mio/mio.h"

namespace mio_contract {

class Env {
 public:
  Env() = default;
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  // Poll A (the one rows call through), its registry and a 16-event buffer.
  mio_poll* poll();
  const mio_registry* reg();
  mio_events* events();
  // Poll B: "another Poll" of API.md §7.5.
  const mio_registry* reg_b();
  // An owned clone of A's registry whose Poll has been freed (§4, §15.4).
  mio_registry* orphan_clone();

  // A zeroed (closed) object, closed again when the row ends.
  template <typename T>
  T* Zero(int (*close)(T*)) {
    T* obj = new T;
    std::memset(obj, 0, sizeof *obj);
    Defer([obj, close] {
      close(obj);
      delete obj;
    });
    return obj;
  }
  // An object filled with garbage, for constructor outputs (which must be
  // overwritten without being read). Closed when the row ends unless it
  // still holds the garbage (closing garbage would close a random fd).
  template <typename T>
  T* Garbage(int (*close)(T*)) {
    T* obj = new T;
    std::memset(obj, kGarbage, sizeof *obj);
    Defer([obj, close] {
      if (!IsGarbage(obj, sizeof *obj)) close(obj);
      delete obj;
    });
    return obj;
  }

  // Live objects (one of each per row, created on first use).
  mio_tcp_listener* tcp_listener();      // 127.0.0.1:0
  mio_tcp_stream* tcp_stream();          // connected to tcp_listener()
  mio_udp_socket* udp();                 // 127.0.0.1:0, unconnected
  mio_udp_socket* udp6();                // [::1]:0
  mio_unix_listener* unix_listener();    // bound to Path("listener")
  mio_unix_stream* unix_stream();        // one end of a pair
  mio_unix_datagram* unix_datagram();    // unbound, unconnected
  mio_unix_datagram* unix_dgram_pair();  // one end of a connected pair
  mio_pipe_sender* pipe_tx();
  mio_pipe_receiver* pipe_rx();
  mio_io_source* io_source();  // wraps one end of a socketpair

  // A path in this row's temporary directory (removed with its files).
  std::string Path(const char* name);
  // A path of exactly `n` bytes (not created), e.g. sizeof(sun_path).
  static std::string PathOfLength(size_t n);

  // Runs `fn` when the row ends (in reverse order of registration).
  void Defer(std::function<void()> fn) { cleanups_.push_back(std::move(fn)); }

  static constexpr unsigned char kGarbage = 0xA5;
  static bool IsGarbage(const void* p, size_t n);

 private:
  template <typename T>
  T* Live(T** slot, int (*close)(T*), const std::function<int(T*)>& open);

  mio_poll* poll_ = nullptr;
  mio_events* events_ = nullptr;
  mio_poll* poll_b_ = nullptr;
  mio_registry* orphan_ = nullptr;
  mio_tcp_listener* tcp_listener_ = nullptr;
  mio_tcp_stream* tcp_stream_ = nullptr;
  mio_udp_socket* udp_ = nullptr;
  mio_udp_socket* udp6_ = nullptr;
  mio_unix_listener* unix_listener_ = nullptr;
  mio_unix_stream* unix_stream_ = nullptr;
  mio_unix_datagram* unix_datagram_ = nullptr;
  mio_unix_datagram* unix_dgram_pair_ = nullptr;
  mio_pipe_sender* pipe_tx_ = nullptr;
  mio_pipe_receiver* pipe_rx_ = nullptr;
  mio_io_source* io_source_ = nullptr;
  std::string dir_;
  std::vector<std::string> files_;
  std::vector<std::function<void()>> cleanups_;
};

}  // namespace mio_contract

#endif  // MIO_TESTING_CONTRACT_ENV_H_

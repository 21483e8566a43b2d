// Rows for Unix addresses, Unix sockets and pipes (API.md §11.5, §11.6,
// §12.1).
#include <sys/un.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "testing/contract/rows_common.h"
#include "testing/util/test_util.h"

namespace mio_contract {
namespace {

constexpr size_t kSunPath = sizeof(sockaddr_un::sun_path);
constexpr socklen_t kSunOff = offsetof(sockaddr_un, sun_path);

// Paths whose strlen does not fit sun_path with its NUL: at and over the
// limit (std's sockaddr_un: -MIO_EINVAL).
const size_t kLongPathLengths[] = {kSunPath, kSunPath + 1, 4096};

// An abstract-name call's result where the OS has abstract names; on every
// other OS (and in the portable POSIX build) `other`: constructors say
// -MIO_ENOTSUP, and a leading NUL is the unnamed address (API.md §11.5).
Value Abstract(Value linux_result, Value other = Code(-MIO_ENOTSUP)) {
  return mio_test::kAbstractUnixNames ? linux_result : other;
}

std::string LongWhat(size_t n) {
  return "path of " + std::to_string(n) + " bytes";
}

// ------------------------------------------------------------ addresses

// "<result>:<kind>" helpers over a sockaddr_un filled by `fill`.
sockaddr_un Pathname(const char* path) {
  sockaddr_un a;
  std::memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path, kSunPath - 1);
  return a;
}
sockaddr_un FullSunPath(char lead) {  // every sun_path byte set, no NUL
  sockaddr_un a;
  std::memset(&a, 'a', sizeof a);
  a.sun_family = AF_UNIX;
  a.sun_path[0] = lead;
  return a;
}

void AddUnixAddrRows(Rows& rows) {
  static sockaddr_un a;
  static socklen_t n;
  static const char* out_ptr;
  static const char kName[] = "name";
  static const sockaddr_un kPath = Pathname("/x");
  static const sockaddr_un kAbstract = FullSunPath('\0');
  static const sockaddr_un kFullPath = FullSunPath('a');
  for (size_t len : kLongPathLengths) {
    rows.push_back(Row{MIO_FN(mio_unix_addr_from_pathname),
                       LongWhat(len),
                       [len](Env&) {
                         std::string p = Env::PathOfLength(len);
                         return ToValue(
                             mio_unix_addr_from_pathname(&a, &n, p.c_str()));
                       },
                       Code(-MIO_EINVAL),
                       {}});
  }
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_unix_addr_from_pathname, "NULL out", (nullptr, &n, "/x"),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_addr_from_pathname, "NULL outlen",
                  (&a, nullptr, "/x"), Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_addr_from_pathname, "NULL path", (&a, &n, nullptr),
                  Code(-MIO_EINVAL)),
          Row{MIO_FN(mio_unix_addr_from_pathname),
              "longest path fits",
              [](Env&) {
                std::string p = Env::PathOfLength(kSunPath - 1);
                EXPECT_EQ(mio_unix_addr_from_pathname(&a, &n, p.c_str()), 0);
                return ToValue(n);
              },
              Code(kSunOff + kSunPath),
              {}},
          MIO_ROW(mio_unix_addr_from_abstract_name, "NULL out",
                  (nullptr, &n, kName, 4), Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_addr_from_abstract_name, "NULL outlen",
                  (&a, nullptr, kName, 4), Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_addr_from_abstract_name, "NULL name, len 1",
                  (&a, &n, nullptr, 1), Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_addr_from_abstract_name, "NULL name, len 0 is empty",
                  (&a, &n, nullptr, 0), Abstract(kOk)),
          MIO_ROW(mio_unix_addr_from_abstract_name, "longest name fits",
                  (&a, &n, kFullPath.sun_path, kSunPath - 1), Abstract(kOk)),
          MIO_ROW(mio_unix_addr_from_abstract_name, "name of sizeof(sun_path)",
                  (&a, &n, kFullPath.sun_path, kSunPath),
                  Abstract(Code(-MIO_EINVAL))),
          MIO_ROW(mio_unix_addr_from_abstract_name, "name of SIZE_MAX bytes",
                  (&a, &n, kName, SIZE_MAX), Abstract(Code(-MIO_EINVAL))),
          MIO_ROW(mio_unix_addr_kind_of, "NULL", (nullptr, sizeof a),
                  Code(MIO_UNIX_ADDR_UNNAMED)),
          MIO_ROW(mio_unix_addr_kind_of, "length 0", (&kPath, 0),
                  Code(MIO_UNIX_ADDR_UNNAMED)),
          MIO_ROW(mio_unix_addr_kind_of, "length of sun_family only",
                  (&kPath, kSunOff), Code(MIO_UNIX_ADDR_UNNAMED)),
          MIO_ROW(mio_unix_addr_kind_of, "length over sizeof(sockaddr_un)",
                  (&kFullPath, 4096), Code(MIO_UNIX_ADDR_PATHNAME)),
          MIO_ROW(mio_unix_addr_pathname, "NULL address",
                  (nullptr, sizeof a, &out_ptr), kOk),
          MIO_ROW(mio_unix_addr_pathname, "NULL path output",
                  (&kPath, sizeof kPath, nullptr), Code(2)),
          MIO_ROW(mio_unix_addr_pathname, "abstract address",
                  (&kAbstract, sizeof kAbstract, &out_ptr), kOk),
          MIO_ROW(mio_unix_addr_pathname, "no NUL, length over sizeof",
                  (&kFullPath, 4096, nullptr), Code(kSunPath)),
          MIO_ROW(mio_unix_addr_abstract_name, "NULL address",
                  (nullptr, sizeof a, &out_ptr), kOk),
          MIO_ROW(mio_unix_addr_abstract_name, "pathname address",
                  (&kPath, sizeof kPath, &out_ptr), kOk),
          MIO_ROW(mio_unix_addr_abstract_name, "NULL name output",
                  (&kAbstract, sizeof kAbstract, nullptr),
                  Abstract(Code(kSunPath - 1), Code(0))),
          MIO_ROW(mio_unix_addr_abstract_name, "length over sizeof",
                  (&kAbstract, 4096, nullptr),
                  Abstract(Code(kSunPath - 1), Code(0))),
      });
}

// ---------------------------------------------------- path constructors

// int ctor(T* out, const char* path): bind / connect.
template <typename T>
void AddPathCtorRows(Rows& rows, Named<int (*)(T*, const char*)> f,
                     const Obj<T>& o) {
  RowAdder row(rows, f.name);
  auto into_garbage = [f, o](Env& e, const std::string* path) {
    return o.IntoGarbage(e, f.name, [&](T* out) {
      return f.fn(out, path != nullptr ? path->c_str() : nullptr);
    });
  };
  row(
      "NULL out",
      [f](Env& e) { return ToValue(f.fn(nullptr, e.Path("s").c_str())); },
      Code(-MIO_EINVAL));
  row(
      "NULL path", [into_garbage](Env& e) { return into_garbage(e, nullptr); },
      Code(-MIO_EINVAL));
  for (size_t len : kLongPathLengths) {
    row(
        LongWhat(len),
        [into_garbage, len](Env& e) {
          std::string p = Env::PathOfLength(len);
          return into_garbage(e, &p);
        },
        Code(-MIO_EINVAL));
  }
  row(
      "missing directory",
      [into_garbage](Env& e) {
        std::string p = e.Path("missing/s");
        return into_garbage(e, &p);
      },
      Code(-MIO_ENOENT));
}

// A bad (address, length) for bind_addr / connect_addr.
struct BadUnixAddr {
  const char* what;
  bool null;
  int family;
  socklen_t len;
};
const BadUnixAddr kBadUnixAddrs[] = {
    {"NULL address", true, AF_UNIX, sizeof(sockaddr_un)},
    {"AF_INET address", false, AF_INET, sizeof(sockaddr_un)},
    {"AF_UNSPEC address", false, AF_UNSPEC, sizeof(sockaddr_un)},
    {"length 0", false, AF_UNIX, 0},
    {"length below offsetof(sun_path)", false, AF_UNIX, kSunOff - 1},
    {"length over sizeof(sockaddr_un)", false, AF_UNIX,
     sizeof(sockaddr_un) + 1},
};

// int ctor(T* out, const sockaddr_un*, socklen_t): bind_addr / connect_addr.
template <typename T>
void AddUnixAddrCtorRows(Rows& rows,
                         Named<int (*)(T*, const sockaddr_un*, socklen_t)> f,
                         const Obj<T>& o) {
  RowAdder row(rows, f.name);
  for (const BadUnixAddr& b : kBadUnixAddrs) {
    row(
        b.what,
        [f, o, b](Env& e) {
          sockaddr_un a = Pathname(e.Path("s").c_str());
          a.sun_family = static_cast<sa_family_t>(b.family);
          return o.IntoGarbage(e, f.name, [&](T* out) {
            return f.fn(out, b.null ? nullptr : &a, b.len);
          });
        },
        Code(-MIO_EINVAL));
  }
  row(
      "NULL out",
      [f](Env& e) {
        sockaddr_un a = Pathname(e.Path("s").c_str());
        return ToValue(f.fn(nullptr, &a, sizeof a));
      },
      Code(-MIO_EINVAL));
}

// int pair(T* a, T* b): a NULL side leaves the other closed.
template <typename A, typename B>
void AddPairRows(Rows& rows, Named<int (*)(A*, B*)> f, const Obj<A>& oa,
                 const Obj<B>& ob) {
  RowAdder row(rows, f.name);
  row(
      "NULL first",
      [f, ob](Env& e) {
        return ob.IntoGarbage(e, f.name,
                              [&](B* b) { return f.fn(nullptr, b); });
      },
      Code(-MIO_EINVAL));
  row(
      "NULL second",
      [f, oa](Env& e) {
        return oa.IntoGarbage(e, f.name,
                              [&](A* a) { return f.fn(a, nullptr); });
      },
      Code(-MIO_EINVAL));
  row(
      "both NULL", [f](Env&) { return ToValue(f.fn(nullptr, nullptr)); },
      Code(-MIO_EINVAL));
}

// A `const T*` function taking a path: datagram connect / send_to.
template <typename T, typename Call>
void AddPathArgRows(const RowAdder& row, const Obj<T>& o, Call call) {
  row(
      "NULL path",
      [o, call](Env& e) { return ToValue(call(o.Live(e), nullptr)); },
      Code(-MIO_EINVAL));
  row(
      "NULL path, zeroed object",
      [o, call](Env& e) { return ToValue(call(o.Zero(e), nullptr)); },
      Code(-MIO_EINVAL));
  for (size_t len : kLongPathLengths) {
    row(
        LongWhat(len),
        [o, call, len](Env& e) {
          return ToValue(call(o.Live(e), Env::PathOfLength(len).c_str()));
        },
        Code(-MIO_EINVAL));
  }
  row(
      "no such socket",
      [o, call](Env& e) {
        return ToValue(call(o.Live(e), e.Path("nobody").c_str()));
      },
      Code(-MIO_ENOENT));
  AddStateRows(row, o, [call](const T* obj) {
    return call(obj, "/tmp/mio_bad_input_unused");
  });
}

// ------------------------------------------------------------- sockets

void AddUnixListenerRows(Rows& rows) {
  const auto l = MIO_OBJ(mio_unix_listener, unix_listener);
  const auto s = MIO_OBJ(mio_unix_stream, unix_stream);
  AddPathCtorRows(rows, MIO_NAMED(mio_unix_listener_bind), l);
  AddUnixAddrCtorRows(rows, MIO_NAMED(mio_unix_listener_bind_addr), l);
  AddAcceptRows(rows, MIO_NAMED(mio_unix_listener_accept), l, s);
  AddAddrOutRows(rows, MIO_NAMED(mio_unix_listener_local_addr), l);
  AddTakeErrorRows(rows, MIO_NAMED(mio_unix_listener_take_error), l);
  rows.push_back(Row{MIO_FN(mio_unix_listener_bind),
                     "path exists",
                     [](Env& e) {
                       e.unix_listener();  // binds Path("listener")
                       mio_unix_listener* out = e.Zero(mio_unix_listener_close);
                       return ToValue(mio_unix_listener_bind(
                           out, e.Path("listener").c_str()));
                     },
                     Code(-MIO_EADDRINUSE),
                     {}});
}

void AddUnixStreamRows(Rows& rows) {
  const auto s = MIO_OBJ(mio_unix_stream, unix_stream);
  AddPathCtorRows(rows, MIO_NAMED(mio_unix_stream_connect), s);
  AddUnixAddrCtorRows(rows, MIO_NAMED(mio_unix_stream_connect_addr), s);
  AddPairRows(rows, MIO_NAMED(mio_unix_stream_pair), s, s);
  AddAddrOutRows(rows, MIO_NAMED(mio_unix_stream_local_addr), s);
  AddAddrOutRows(rows, MIO_NAMED(mio_unix_stream_peer_addr), s);
  AddTakeErrorRows(rows, MIO_NAMED(mio_unix_stream_take_error), s);
  AddShutdownRows(rows, MIO_NAMED_INT_ENUM(mio_unix_stream_shutdown), s);
  // A zero-length read goes to the OS, as in mio (docs/API.md §16.2).
  static const Value kNothingBuffered = Code(-MIO_EAGAIN);
  AddBufferRows(rows, MIO_NAMED(mio_unix_stream_read), s, &kNothingBuffered);
  AddBufferRows(rows, MIO_NAMED(mio_unix_stream_write), s, &kOk);
  AddIovRows(rows, MIO_NAMED(mio_unix_stream_readv), s);
  AddIovRows(rows, MIO_NAMED(mio_unix_stream_writev), s);
  rows.push_back(
      Row{MIO_FN(mio_unix_stream_connect),
          "no such socket",
          [](Env& e) {
            return ToValue(mio_unix_stream_connect(
                e.Zero(mio_unix_stream_close), e.Path("nobody").c_str()));
          },
          Code(-MIO_ENOENT),
          {}});
}

// ptrdiff_t recv_from(const d, void*, size_t, sockaddr_un*, socklen_t*)
void AddUnixRecvFromRows(Rows& rows, const Obj<mio_unix_datagram>& d) {
  RowAdder row(rows, MIO_FN(mio_unix_datagram_recv_from));
  AddStateRows(row, d, [](const mio_unix_datagram* obj) {
    char buf[8];
    sockaddr_un from;
    socklen_t n = 0;
    return mio_unix_datagram_recv_from(obj, buf, sizeof buf, &from, &n);
  });
  row(
      "NULL buf, len 1",
      [d](Env& e) {
        return ToValue(mio_unix_datagram_recv_from(d.Live(e), nullptr, 1,
                                                   nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL from and fromlen are optional",
      [d](Env& e) {
        char buf[8];
        return ToValue(mio_unix_datagram_recv_from(d.Live(e), buf, sizeof buf,
                                                   nullptr, nullptr));
      },
      Code(-MIO_EAGAIN));
}

void AddUnixDatagramRows(Rows& rows) {
  const auto d = MIO_OBJ(mio_unix_datagram, unix_datagram);
  const auto p = MIO_OBJ(mio_unix_datagram, unix_dgram_pair);
  AddPathCtorRows(rows, MIO_NAMED(mio_unix_datagram_bind), d);
  AddUnixAddrCtorRows(rows, MIO_NAMED(mio_unix_datagram_bind_addr), d);
  AddPairRows(rows, MIO_NAMED(mio_unix_datagram_pair), d, d);
  AddPathArgRows(RowAdder(rows, MIO_FN(mio_unix_datagram_connect)), d,
                 [](const mio_unix_datagram* obj, const char* path) {
                   return mio_unix_datagram_connect(obj, path);
                 });
  AddPathArgRows(RowAdder(rows, MIO_FN(mio_unix_datagram_send_to)), d,
                 [](const mio_unix_datagram* obj, const char* path) {
                   return mio_unix_datagram_send_to(obj, "x", 1, path);
                 });
  AddAddrOutRows(rows, MIO_NAMED(mio_unix_datagram_local_addr), d);
  AddAddrOutRows(rows, MIO_NAMED(mio_unix_datagram_peer_addr), p);
  AddTakeErrorRows(rows, MIO_NAMED(mio_unix_datagram_take_error), d);
  AddShutdownRows(rows, MIO_NAMED_INT_ENUM(mio_unix_datagram_shutdown), p);
  AddBufferRows(rows, MIO_NAMED(mio_unix_datagram_send), p, nullptr);
  AddBufferRows(rows, MIO_NAMED(mio_unix_datagram_recv), p, nullptr);
  AddUnixRecvFromRows(rows, d);
  static sockaddr_un a;
  static socklen_t n;
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_unix_datagram_unbound, "NULL out", (nullptr),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_unix_datagram_peer_addr, "not connected",
                  (e.unix_datagram(), &a, &n), Code(-MIO_ENOTCONN)),
          MIO_ROW(mio_unix_datagram_send, "not connected",
                  (e.unix_datagram(), "x", 1), Code(-MIO_ENOTCONN)),
          MIO_ROW(mio_unix_datagram_send_to, "NULL buf, len 1",
                  (e.unix_datagram(), nullptr, 1, "/tmp/x"), Code(-MIO_EINVAL)),
      });
}

// ---------------------------------------------------------------- pipes

template <typename T>
void AddSetNonblockingRows(Rows& rows, Named<int (*)(const T*, bool)> f,
                           const Obj<T>& o) {
  AddStateRows(RowAdder(rows, f.name), o,
               [f](const T* obj) { return f.fn(obj, true); });
}

void AddPipeRows(Rows& rows) {
  const auto tx = MIO_OBJ(mio_pipe_sender, pipe_tx);
  const auto rx = MIO_OBJ(mio_pipe_receiver, pipe_rx);
  AddPairRows(rows, MIO_NAMED(mio_pipe_new), tx, rx);
  AddSetNonblockingRows(rows, MIO_NAMED(mio_pipe_sender_set_nonblocking), tx);
  AddSetNonblockingRows(rows, MIO_NAMED(mio_pipe_receiver_set_nonblocking), rx);
  AddBufferRows(rows, MIO_NAMED(mio_pipe_sender_write), tx, &kOk);
  AddIovRows(rows, MIO_NAMED(mio_pipe_sender_writev), tx);
  AddBufferRows(rows, MIO_NAMED(mio_pipe_receiver_read), rx, &kOk);
  AddIovRows(rows, MIO_NAMED(mio_pipe_receiver_readv), rx);
}

}  // namespace

void AddUnixRows(Rows& rows) {
  AddUnixAddrRows(rows);
  AddUnixListenerRows(rows);
  AddUnixStreamRows(rows);
  AddUnixDatagramRows(rows);
  AddPipeRows(rows);
}

}  // namespace mio_contract

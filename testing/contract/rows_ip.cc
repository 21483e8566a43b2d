// Rows for IP addresses, TCP and UDP (API.md §11.1-§11.4).
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/contract/rows_common.h"
#include "testing/util/posix_compat.h"  // SOCK_NONBLOCK, SOCK_CLOEXEC on macOS
#include "testing/util/test_util.h"

namespace mio_contract {
namespace {

// ---------------------------------------------------------------- addresses

// mio_addr_parse of `s`; a failure must leave both outputs untouched.
int ParseRc(const char* s) {
  sockaddr_storage out;
  std::memset(&out, Env::kGarbage, sizeof out);
  socklen_t len = 12345;
  int rc = mio_addr_parse(s, &out, &len);
  if (rc != 0) {
    EXPECT_TRUE(Env::IsGarbage(&out, sizeof out)) << "out written";
    EXPECT_EQ(len, 12345u) << "outlen written";
  }
  return rc;
}

// Strings Rust's SocketAddr::from_str rejects.
const char* const kBadAddrs[] = {
    "",
    "1.2.3.4",
    "1.2.3.4:",
    "1.2.3.4:65536",
    "1.2.3.4:99999999999999999999",
    "1.2.3.4:-1",
    "1.2.3.4:+80",
    "1.2.3.4:0x50",
    "01.2.3.4:80",
    "256.0.0.1:80",
    "1.2.3:80",
    "1.2.3.4.5:80",
    " 1.2.3.4:80",
    "1.2.3.4:80 ",
    "1.2.3.4:80\n",
    "localhost:80",
    ":80",
    "::1:80",
    "[::1]",
    "[::1]:",
    "[::1]80",
    "[::1:80",
    "::1]:80",
    "[]:80",
    "[:::1]:80",
    "[1:2:3:4:5:6:7:8:9]:80",
    "[1::2::3]:80",
    "[12345::1]:80",
    "[::1%]:80",
    "[::1%eth0]:80",
    "[::1%4294967296]:80",
    "[::1.2.3]:80",
    "[::256.1.1.1]:80",
    "[1.2.3.4]:80",
    "[::1]:65536",
};

// Formats `len` bytes of an address whose family is `family` (rest zero).
size_t FormatFamily(int family, socklen_t len, char* buf, size_t cap) {
  sockaddr_storage a;
  std::memset(&a, 0, sizeof a);
  a.ss_family = static_cast<sa_family_t>(family);
  return mio_addr_format(reinterpret_cast<sockaddr*>(&a), len, buf, cap);
}

// "<result>:<text>" of FormatFamily with a 64-byte buffer.
std::string FormatFamilyText(int family, socklen_t len) {
  char buf[64];
  std::memset(buf, 'x', sizeof buf);
  size_t n = FormatFamily(family, len, buf, sizeof buf);
  return std::to_string(n) + ":" + std::string(buf, strnlen(buf, sizeof buf));
}

// A rejected address: formats as "" with result 0.
Row FormatRow(const char* what, int family, socklen_t len) {
  return Row{
      MIO_FN(mio_addr_format),
      what,
      [family, len](Env&) { return ToValue(FormatFamilyText(family, len)); },
      Str("0:"),
      {}};
}

void AddAddrRows(Rows& rows) {
  for (const char* s : kBadAddrs) {
    rows.push_back(Row{MIO_FN(mio_addr_parse),
                       "\"" + std::string(s) + "\"",
                       [s](Env&) { return ToValue(ParseRc(s)); },
                       Code(-MIO_EINVAL),
                       {}});
  }
  static sockaddr_storage ss;
  static socklen_t n;
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_addr_parse, "NULL string", (nullptr, &ss, &n),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_addr_parse, "NULL out", ("1.2.3.4:80", nullptr, &n),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_addr_parse, "NULL outlen", ("1.2.3.4:80", &ss, nullptr),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_addr_format, "NULL address", (nullptr, 16, nullptr, 0),
                  kOk),
          Row{MIO_FN(mio_addr_format),
              "NULL address writes \"\"",
              [](Env&) {
                char buf[4] = {'x', 'x', 'x', 'x'};
                size_t r = mio_addr_format(nullptr, 16, buf, sizeof buf);
                return ToValue(std::to_string(r) + ":" + buf);
              },
              Str("0:"),
              {}},
          FormatRow("AF_UNIX", AF_UNIX, sizeof(sockaddr_un)),
          FormatRow("AF_UNSPEC", AF_UNSPEC, sizeof(sockaddr_storage)),
          FormatRow("AF_INET, short length", AF_INET, sizeof(sockaddr_in) - 1),
          FormatRow("AF_INET6, length of sockaddr_in", AF_INET6,
                    sizeof(sockaddr_in)),
          FormatRow("AF_INET, length 0", AF_INET, 0),
          Row{MIO_FN(mio_addr_format),
              "NULL buf, len 0 measures",
              [](Env&) {
                return ToValue(
                    FormatFamily(AF_INET, sizeof(sockaddr_in), nullptr, 0));
              },
              Code(9),
              {}},  // "0.0.0.0:0"
          Row{MIO_FN(mio_addr_format),
              "NULL buf, len 64 (taken as 0)",
              [](Env&) {
                return ToValue(
                    FormatFamily(AF_INET, sizeof(sockaddr_in), nullptr, 64));
              },
              Code(9),
              {}},
          Row{MIO_FN(mio_addr_format),
              "len 4 truncates",
              [](Env&) {
                char buf[8];
                std::memset(buf, 'x', sizeof buf);
                size_t r = FormatFamily(AF_INET, sizeof(sockaddr_in), buf, 4);
                EXPECT_EQ(buf[4], 'x') << "wrote past len";
                return ToValue(std::to_string(r) + ":" +
                               std::string(buf, strnlen(buf, 4)));
              },
              Str("9:0.0"),
              {}},
      });
}

// ---------------------------------------------------------- IP arguments

// A bad (address, length) for bind/connect/send_to; `family` < 0 = NULL.
struct BadIpAddr {
  const char* what;
  int family;
  socklen_t len;
};
const BadIpAddr kBadIpAddrs[] = {
    {"NULL address", -1, sizeof(sockaddr_in)},
    {"AF_UNIX address", AF_UNIX, sizeof(sockaddr_storage)},
    {"AF_UNSPEC address", AF_UNSPEC, sizeof(sockaddr_storage)},
    {"AF_INET, length 0", AF_INET, 0},
    {"AF_INET, short length", AF_INET, sizeof(sockaddr_in) - 1},
    {"AF_INET6, short length", AF_INET6, sizeof(sockaddr_in6) - 1},
    {"AF_INET6, length of sockaddr_in", AF_INET6, sizeof(sockaddr_in)},
};

// An address of the bad shape (127.0.0.1 / ::1, port 9 otherwise).
struct IpArg {
  explicit IpArg(const BadIpAddr& b) : len(b.len) {
    std::memset(&storage, 0, sizeof storage);
    if (b.family < 0) return;
    storage.ss_family = static_cast<sa_family_t>(b.family);
    ptr = reinterpret_cast<const sockaddr*>(&storage);
  }
  IpArg() : IpArg(BadIpAddr{"", AF_INET, sizeof(sockaddr_in)}) {
    mio_test::SockAddr a = mio_test::LoopbackV4();
    std::memcpy(&storage, &a.storage, sizeof storage);
  }
  sockaddr_storage storage;
  const sockaddr* ptr = nullptr;
  socklen_t len;
};

// int ctor(T* out, const sockaddr*, socklen_t): bind / connect.
template <typename T>
void AddIpCtorRows(Rows& rows, Named<int (*)(T*, const sockaddr*, socklen_t)> f,
                   const Obj<T>& o) {
  RowAdder row(rows, f.name);
  for (const BadIpAddr& b : kBadIpAddrs) {
    row(
        b.what,
        [f, o, b](Env& e) {
          IpArg a(b);
          return o.IntoGarbage(e, f.name,
                               [&](T* out) { return f.fn(out, a.ptr, a.len); });
        },
        Code(-MIO_EINVAL));
  }
  row(
      "NULL out",
      [f](Env&) {
        IpArg a;
        return ToValue(f.fn(nullptr, a.ptr, a.len));
      },
      Code(-MIO_EINVAL));
}

// A `const T*` function taking an IP address: udp connect / send_to.
template <typename T, typename Call>
void AddIpArgRows(const RowAdder& row, const Obj<T>& o, Call call) {
  for (const BadIpAddr& b : kBadIpAddrs) {
    row(
        b.what,
        [o, b, call](Env& e) {
          IpArg a(b);
          return ToValue(call(o.Live(e), a.ptr, a.len));
        },
        Code(-MIO_EINVAL));
  }
  row(
      "NULL address, zeroed object",
      [o, call](Env& e) {
        return ToValue(call(o.Zero(e), nullptr, sizeof(sockaddr_in)));
      },
      Code(-MIO_EINVAL));
  AddStateRows(row, o, [call](const T* obj) {
    IpArg a;
    return call(obj, a.ptr, a.len);
  });
}

// ------------------------------------------- longer-than-struct addresses

// API.md §11.1: any addrlen >= the family's struct size is accepted, also one
// past sockaddr_storage (a kernel would reject 129 bytes; the library passes
// the struct size on). The address sits at the start of a larger buffer.
constexpr socklen_t kOverLong = sizeof(sockaddr_storage) + 1;

struct OverLongAddr {
  explicit OverLongAddr(const mio_test::SockAddr& a) {
    std::memset(bytes, 0, sizeof bytes);
    std::memcpy(bytes, &a.storage, a.len);
  }
  const sockaddr* get() const {
    return reinterpret_cast<const sockaddr*>(bytes);
  }
  alignas(sockaddr_storage) unsigned char bytes[kOverLong + 7];
};

mio_test::SockAddr LocalAddr(const mio_tcp_listener* l) {
  mio_test::SockAddr a{};
  a.len = sizeof a.storage;
  EXPECT_EQ(mio_tcp_listener_local_addr(l, &a.storage, &a.len), 0);
  return a;
}

mio_test::SockAddr LocalAddr(const mio_udp_socket* u) {
  mio_test::SockAddr a{};
  a.len = sizeof a.storage;
  EXPECT_EQ(mio_udp_socket_local_addr(u, &a.storage, &a.len), 0);
  return a;
}

void AddOverLongAddrRows(Rows& rows) {
  RowAdder(rows, MIO_FN(mio_tcp_listener_bind))(
      "addrlen sizeof(sockaddr_storage) + 1",
      [](Env& e) {
        OverLongAddr a(mio_test::LoopbackV4());
        auto* l = e.Garbage(mio_tcp_listener_close);
        return ToValue(mio_tcp_listener_bind(l, a.get(), kOverLong));
      },
      kOk);
  RowAdder(rows, MIO_FN(mio_tcp_stream_connect))(
      "addrlen sizeof(sockaddr_storage) + 1",
      [](Env& e) {
        OverLongAddr a(LocalAddr(e.tcp_listener()));
        auto* s = e.Garbage(mio_tcp_stream_close);
        return ToValue(mio_tcp_stream_connect(s, a.get(), kOverLong));
      },
      kOk);
  RowAdder(rows, MIO_FN(mio_udp_socket_bind))(
      "addrlen sizeof(sockaddr_storage) + 1",
      [](Env& e) {
        OverLongAddr a(mio_test::LoopbackV6());
        auto* u = e.Garbage(mio_udp_socket_close);
        return ToValue(mio_udp_socket_bind(u, a.get(), kOverLong));
      },
      kOk);
  RowAdder(rows, MIO_FN(mio_udp_socket_connect))(
      "addrlen sizeof(sockaddr_storage) + 1",
      [](Env& e) {
        OverLongAddr a(LocalAddr(e.udp()));
        return ToValue(mio_udp_socket_connect(e.udp(), a.get(), kOverLong));
      },
      kOk);
  RowAdder(rows, MIO_FN(mio_udp_socket_send_to))(
      "addrlen sizeof(sockaddr_storage) + 1",
      [](Env& e) {
        OverLongAddr a(LocalAddr(e.udp()));
        return ToValue(
            mio_udp_socket_send_to(e.udp(), "ping", 4, a.get(), kOverLong));
      },
      Code(4));
}

// ------------------------------------------- vectors longer than IOV_MAX

// API.md §2: buffers past IOV_MAX are ignored (Rust std's max_iov), so a
// gather write of IOV_MAX + 1 one-byte buffers writes IOV_MAX bytes.
void AddIovMaxRows(Rows& rows) {
  static const long kIovMax = sysconf(_SC_IOV_MAX);
  RowAdder(rows, MIO_FN(mio_tcp_stream_writev))(
      "IOV_MAX + 1 one-byte buffers writes IOV_MAX",
      [](Env& e) {
        std::vector<char> bytes(kIovMax + 1, 'x');
        std::vector<mio_iovec> iov(kIovMax + 1);
        for (long i = 0; i <= kIovMax; i++) iov[i] = {&bytes[i], 1};
        return ToValue(mio_tcp_stream_writev(e.tcp_stream(), iov.data(),
                                             static_cast<int>(kIovMax + 1)));
      },
      Code(kIovMax));
}

// ----------------------------------------------------------- listen backlog

// Connections a listener queues before anyone accepts: mio's listen(1024),
// so all of `n` (< 1024, <= somaxconn) complete their handshake. With the
// old listen(128) only 129 did (the rest stay in SYN_SENT).
int64_t EstablishedWithoutAccept(Env& e, int n) {
  auto* l = e.Garbage(mio_tcp_listener_close);
  mio_test::SockAddr any = mio_test::LoopbackV4();
  if (mio_tcp_listener_bind(l, any.get(), any.len) != 0) return -1;
  mio_test::SockAddr addr = LocalAddr(l);
  std::vector<pollfd> fds;
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    e.Defer([fd] { close(fd); });
    connect(fd, addr.get(), addr.len);  // EINPROGRESS
    fds.push_back(pollfd{fd, POLLOUT, 0});
  }
  // Loopback handshakes finish at once or never (queue full): wait until
  // every socket is writable or 1 s passes without progress.
  int64_t established = 0;
  for (int round = 0; round < 20; round++) {
    int ready = poll(fds.data(), fds.size(), 50);
    if (ready < 0) break;
    established = 0;
    for (const pollfd& p : fds) {
      int err = -1;
      socklen_t len = sizeof err;
      if ((p.revents & POLLOUT) &&
          getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        established++;
      }
    }
    if (established == static_cast<int64_t>(fds.size())) break;
  }
  return established;
}

void AddBacklogRows(Rows& rows) {
  RowAdder(rows, MIO_FN(mio_tcp_listener_bind))(
      "backlog queues 300 connections (mio's 1024)",
      [](Env& e) { return Value(EstablishedWithoutAccept(e, 300)); },
      Code(300));
}

// ----------------------------------------------------------------- TCP

// A zero-length read goes to the OS, as in mio (docs/API.md §16.2).
const Value kNothingBuffered = Code(-MIO_EAGAIN);

const std::initializer_list<uint32_t> kBadTtls = {0, 256, 0x80000000u,
                                                  UINT32_MAX};

// mio_tcp_listener_bind_with: the bind rows with all-default options, then
// each bad option on a good address (issue 15).
void AddBindWithRows(Rows& rows, const Obj<mio_tcp_listener>& o) {
  const char* name = MIO_FN(mio_tcp_listener_bind_with);
  RowAdder row(rows, name);
  for (const BadIpAddr& b : kBadIpAddrs) {
    row(
        b.what,
        [o, b, name](Env& e) {
          IpArg a(b);
          mio_tcp_listen_options opts = {};
          return o.IntoGarbage(e, name, [&](mio_tcp_listener* out) {
            return mio_tcp_listener_bind_with(out, a.ptr, a.len, &opts);
          });
        },
        Code(-MIO_EINVAL));
  }
  struct BadOpts {
    const char* what;
    mio_tcp_listen_options opts;
  };
  static const BadOpts kBadOpts[] = {
      {"backlog -1", {-1, false, MIO_V6ONLY_DEFAULT}},
      {"unknown v6only", {0, false, static_cast<mio_v6only>(7)}},
      {"v6only ON with an IPv4 address", {0, false, MIO_V6ONLY_ON}},
      {"v6only OFF with an IPv4 address", {0, false, MIO_V6ONLY_OFF}},
  };
  for (const BadOpts& b : kBadOpts) {
    row(
        b.what,
        [o, b, name](Env& e) {
          IpArg a;
          return o.IntoGarbage(e, name, [&](mio_tcp_listener* out) {
            return mio_tcp_listener_bind_with(out, a.ptr, a.len, &b.opts);
          });
        },
        Code(-MIO_EINVAL));
  }
  row(
      "NULL out",
      [](Env&) {
        IpArg a;
        mio_tcp_listen_options opts = {};
        return ToValue(
            mio_tcp_listener_bind_with(nullptr, a.ptr, a.len, &opts));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL out, NULL options",
      [](Env&) {
        IpArg a;
        return ToValue(
            mio_tcp_listener_bind_with(nullptr, a.ptr, a.len, nullptr));
      },
      Code(-MIO_EINVAL));
}

void AddTcpRows(Rows& rows) {
  const auto l = MIO_OBJ(mio_tcp_listener, tcp_listener);
  const auto s = MIO_OBJ(mio_tcp_stream, tcp_stream);
  AddIpCtorRows(rows, MIO_NAMED(mio_tcp_listener_bind), l);
  AddBindWithRows(rows, l);
  AddAcceptRows(rows, MIO_NAMED(mio_tcp_listener_accept), l, s);
  AddAddrOutRows(rows, MIO_NAMED(mio_tcp_listener_local_addr), l);
  AddOptionRows(rows, MIO_NAMED(mio_tcp_listener_set_ttl),
                MIO_NAMED(mio_tcp_listener_ttl), l, kBadTtls);
  AddTakeErrorRows(rows, MIO_NAMED(mio_tcp_listener_take_error), l);

  AddIpCtorRows(rows, MIO_NAMED(mio_tcp_stream_connect), s);
  AddAddrOutRows(rows, MIO_NAMED(mio_tcp_stream_peer_addr), s);
  AddAddrOutRows(rows, MIO_NAMED(mio_tcp_stream_local_addr), s);
  AddShutdownRows(rows, MIO_NAMED_INT_ENUM(mio_tcp_stream_shutdown), s);
  AddOptionRows<mio_tcp_stream, bool>(rows,
                                      MIO_NAMED(mio_tcp_stream_set_nodelay),
                                      MIO_NAMED(mio_tcp_stream_nodelay), s, {});
  AddOptionRows(rows, MIO_NAMED(mio_tcp_stream_set_ttl),
                MIO_NAMED(mio_tcp_stream_ttl), s, kBadTtls);
  AddTakeErrorRows(rows, MIO_NAMED(mio_tcp_stream_take_error), s);
  AddBufferRows(rows, MIO_NAMED(mio_tcp_stream_read), s, &kNothingBuffered);
  AddBufferRows(rows, MIO_NAMED(mio_tcp_stream_peek), s, nullptr);
  AddBufferRows(rows, MIO_NAMED(mio_tcp_stream_write), s, &kOk);
  AddIovRows(rows, MIO_NAMED(mio_tcp_stream_readv), s);
  AddIovRows(rows, MIO_NAMED(mio_tcp_stream_writev), s);
}

// ----------------------------------------------------------------- UDP

// ptrdiff_t f(const u, void* buf, size_t, sockaddr_storage*, socklen_t*)
void AddRecvFromRows(Rows& rows,
                     Named<ptrdiff_t (*)(const mio_udp_socket*, void*, size_t,
                                         sockaddr_storage*, socklen_t*)>
                         f,
                     const Obj<mio_udp_socket>& u) {
  RowAdder row(rows, f.name);
  AddStateRows(row, u, [f](const mio_udp_socket* obj) {
    char buf[8];
    sockaddr_storage from;
    socklen_t n = 0;
    return f.fn(obj, buf, sizeof buf, &from, &n);
  });
  row(
      "NULL buf, len 1",
      [f, u](Env& e) {
        return ToValue(f.fn(u.Live(e), nullptr, 1, nullptr, nullptr));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL from and fromlen are optional",
      [f, u](Env& e) {
        char buf[8];
        return ToValue(f.fn(u.Live(e), buf, sizeof buf, nullptr, nullptr));
      },
      Code(-MIO_EAGAIN));
}

// int f(const u, const G* group, I iface): multicast join/leave.
template <typename G, typename I>
void AddMembershipRows(Rows& rows,
                       Named<int (*)(const mio_udp_socket*, const G*, I)> f,
                       const Obj<mio_udp_socket>& u, const G& group, I iface,
                       const G& unicast, int64_t unicast_code) {
  RowAdder row(rows, f.name);
  AddStateRows(row, u, [f, group, iface](const mio_udp_socket* obj) {
    return f.fn(obj, &group, iface);
  });
  row(
      "NULL group",
      [f, u, iface](Env& e) {
        return ToValue(f.fn(u.Live(e), nullptr, iface));
      },
      Code(-MIO_EINVAL));
  row(
      "NULL group, zeroed object",
      [f, u, iface](Env& e) {
        return ToValue(f.fn(u.Zero(e), nullptr, iface));
      },
      Code(-MIO_EINVAL));
  row(
      "unicast group",
      [f, u, unicast, iface](Env& e) {
        return ToValue(f.fn(u.Live(e), &unicast, iface));
      },
      Code(unicast_code));
}

void AddUdpMembershipRows(Rows& rows) {
  const auto u4 = MIO_OBJ(mio_udp_socket, udp);
  const auto u6 = MIO_OBJ(mio_udp_socket, udp6);
  // Static: rows run after this function returns.
  static const in_addr any4{htonl(INADDR_ANY)};
  static const in_addr* const any4p = &any4;
  static const in_addr group4{htonl(0xE3010164)};  // 227.1.1.100
  static const in_addr unicast4{htonl(INADDR_LOOPBACK)};
  static const in6_addr group6 = {
      {{0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7B}}};  // ff02::7b
  static const in6_addr unicast6 = in6addr_loopback;
  AddMembershipRows(rows, MIO_NAMED(mio_udp_socket_join_multicast_v4), u4,
                    group4, any4p, unicast4, -MIO_EINVAL);
  // Linux checks the group only on join; leave reports "not a member".
  AddMembershipRows(rows, MIO_NAMED(mio_udp_socket_leave_multicast_v4), u4,
                    group4, any4p, unicast4, -MIO_EADDRNOTAVAIL);
  AddMembershipRows(rows, MIO_NAMED(mio_udp_socket_join_multicast_v6), u6,
                    group6, 0u, unicast6, -MIO_EINVAL);
  AddMembershipRows(rows, MIO_NAMED(mio_udp_socket_leave_multicast_v6), u6,
                    group6, 0u, unicast6, -MIO_EINVAL);
  for (auto f : {MIO_NAMED(mio_udp_socket_join_multicast_v4),
                 MIO_NAMED(mio_udp_socket_leave_multicast_v4)}) {
    RowAdder(rows, f.name)(
        "NULL iface",
        [f, u4](Env& e) { return ToValue(f.fn(u4.Live(e), &group4, nullptr)); },
        Code(-MIO_EINVAL));
  }
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_udp_socket_leave_multicast_v4, "group never joined",
                  (e.udp(), &group4, any4p), Code(-MIO_EADDRNOTAVAIL)),
          MIO_ROW(mio_udp_socket_leave_multicast_v6, "group never joined",
                  (e.udp6(), &group6, 0), Code(-MIO_EADDRNOTAVAIL)),
      });
}

void AddUdpRows(Rows& rows) {
  const auto u = MIO_OBJ(mio_udp_socket, udp);
  const auto u6 = MIO_OBJ(mio_udp_socket, udp6);
  AddIpCtorRows(rows, MIO_NAMED(mio_udp_socket_bind), u);
  AddAddrOutRows(rows, MIO_NAMED(mio_udp_socket_local_addr), u);
  AddAddrOutRows(rows, MIO_NAMED(mio_udp_socket_peer_addr), u);
  AddIpArgRows(RowAdder(rows, MIO_FN(mio_udp_socket_connect)), u,
               [](const mio_udp_socket* obj, const sockaddr* a, socklen_t n) {
                 return mio_udp_socket_connect(obj, a, n);
               });
  AddIpArgRows(RowAdder(rows, MIO_FN(mio_udp_socket_send_to)), u,
               [](const mio_udp_socket* obj, const sockaddr* a, socklen_t n) {
                 return mio_udp_socket_send_to(obj, "x", 1, a, n);
               });
  AddRecvFromRows(rows, MIO_NAMED(mio_udp_socket_recv_from), u);
  AddRecvFromRows(rows, MIO_NAMED(mio_udp_socket_peek_from), u);
  AddBufferRows(rows, MIO_NAMED(mio_udp_socket_send), u, nullptr);
  AddBufferRows(rows, MIO_NAMED(mio_udp_socket_recv), u, nullptr);
  AddBufferRows(rows, MIO_NAMED(mio_udp_socket_peek), u, nullptr);
  AddOptionRows<mio_udp_socket, bool>(
      rows, MIO_NAMED(mio_udp_socket_set_broadcast),
      MIO_NAMED(mio_udp_socket_broadcast), u, {});
  AddOptionRows<mio_udp_socket, bool>(
      rows, MIO_NAMED(mio_udp_socket_set_multicast_loop_v4),
      MIO_NAMED(mio_udp_socket_multicast_loop_v4), u, {});
  AddOptionRows<mio_udp_socket, bool>(
      rows, MIO_NAMED(mio_udp_socket_set_multicast_loop_v6),
      MIO_NAMED(mio_udp_socket_multicast_loop_v6), u6, {});
  AddOptionRows(rows, MIO_NAMED(mio_udp_socket_set_multicast_ttl_v4),
                MIO_NAMED(mio_udp_socket_multicast_ttl_v4), u,
                {256u, 0x80000000u, UINT32_MAX});
  AddOptionRows(rows, MIO_NAMED(mio_udp_socket_set_ttl),
                MIO_NAMED(mio_udp_socket_ttl), u, kBadTtls);
  RowAdder only_v6(rows, MIO_FN(mio_udp_socket_only_v6));
  AddStateRows(only_v6, u6, [](const mio_udp_socket* obj) {
    bool b = false;
    return mio_udp_socket_only_v6(obj, &b);
  });
  AddTakeErrorRows(rows, MIO_NAMED(mio_udp_socket_take_error), u);
  AddUdpMembershipRows(rows);
  static bool flag;
  static sockaddr_storage ss;
  static socklen_t n;
  rows.insert(
      rows.end(),
      {
          MIO_ROW(mio_udp_socket_only_v6, "NULL out", (e.udp6(), nullptr),
                  Code(-MIO_EINVAL)),
          MIO_ROW(mio_udp_socket_only_v6, "IPv4 socket (OS error)",
                  (e.udp(), &flag), Code(-MIO_EOPNOTSUPP)),
          MIO_ROW(mio_udp_socket_multicast_loop_v6, "IPv4 socket (OS error)",
                  (e.udp(), &flag), Code(-MIO_EOPNOTSUPP)),
          MIO_ROW(mio_udp_socket_set_multicast_loop_v6,
                  "IPv4 socket (OS error)", (e.udp(), true),
                  Code(-MIO_ENOPROTOOPT)),
          MIO_ROW(mio_udp_socket_peer_addr, "not connected", (e.udp(), &ss, &n),
                  Code(-MIO_ENOTCONN)),
          MIO_ROW(mio_udp_socket_send, "not connected", (e.udp(), "x", 1),
                  Code(-MIO_EDESTADDRREQ)),
          MIO_ROW(mio_udp_socket_send_to, "NULL buf, len 1",
                  (e.udp(), nullptr, 1, IpArg().ptr, sizeof(sockaddr_in)),
                  Code(-MIO_EINVAL)),
      });
}

}  // namespace

void AddIpRows(Rows& rows) {
  AddAddrRows(rows);
  AddTcpRows(rows);
  AddUdpRows(rows);
  AddOverLongAddrRows(rows);
  AddIovMaxRows(rows);
  AddBacklogRows(rows);
}

}  // namespace mio_contract

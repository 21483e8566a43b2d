// mio_addr_parse / mio_addr_format against Rust's SocketAddr FromStr and
// Display (core/src/net/parser.rs, ip_addr.rs), and the Unix-domain address
// helpers (API.md §11.1, §11.5, §15.5-15.7).
#include "mio/net/addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "mio/core/error.h"
#include "testing/util/test_util.h"

namespace {

constexpr socklen_t kSunOff = offsetof(sockaddr_un, sun_path);
constexpr size_t kSunCap = sizeof(sockaddr_un{}.sun_path);

std::string Format(const sockaddr_storage& ss, socklen_t len) {
  char buf[128];
  size_t n = mio_addr_format(reinterpret_cast<const sockaddr*>(&ss), len, buf,
                             sizeof buf);
  EXPECT_EQ(n, strlen(buf));
  return buf;
}

// Parses `in` (which must succeed) and returns its Display text.
std::string ParseAndFormat(const std::string& in) {
  sockaddr_storage ss;
  socklen_t len = 0;
  int r = mio_addr_parse(in.c_str(), &ss, &len);
  EXPECT_EQ(r, 0) << "rejected: \"" << in << "\"";
  if (r != 0) return "<rejected>";
  return Format(ss, len);
}

// ---------------------------------------------------------------- parse

struct Accepted {
  const char* in;
  const char* display;  // Rust's Display of the parsed SocketAddr
};

class AddrParseAccepts : public ::testing::TestWithParam<Accepted> {};

TEST_P(AddrParseAccepts, DisplaysAsRust) {
  EXPECT_EQ(ParseAndFormat(GetParam().in), GetParam().display)
      << "input \"" << GetParam().in << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    Addr, AddrParseAccepts,
    ::testing::Values(
        // IPv4
        Accepted{"127.0.0.1:8080", "127.0.0.1:8080"},
        Accepted{"0.0.0.0:0", "0.0.0.0:0"},
        Accepted{"255.255.255.255:65535", "255.255.255.255:65535"},
        Accepted{"10.0.0.1:00080", "10.0.0.1:80"},  // port zeros allowed
        Accepted{"1.2.3.4:000000000000000000000000000000080", "1.2.3.4:80"},
        Accepted{"1.1.1.1:00", "1.1.1.1:0"},
        // IPv6 basics and case
        Accepted{"[::1]:80", "[::1]:80"}, Accepted{"[::]:0", "[::]:0"},
        Accepted{"[2001:db8::1]:8080", "[2001:db8::1]:8080"},
        Accepted{"[2001:DB8::ABCD]:1", "[2001:db8::abcd]:1"},
        Accepted{"[0:0:0:0:0:0:0:1]:1", "[::1]:1"},
        Accepted{"[0000:0000:0000:0000:0000:0000:0000:0000]:1", "[::]:1"},
        Accepted{"[1:2:3:4:5:6:7:8]:1", "[1:2:3:4:5:6:7:8]:1"},
        Accepted{"[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:1",
                 "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:1"},
        Accepted{"[0001:0002::0003]:1", "[1:2::3]:1"},
        // "::" at either end, and covering a single group
        Accepted{"[1::]:1", "[1::]:1"},
        Accepted{"[1:2:3:4:5:6:7::]:1", "[1:2:3:4:5:6:7:0]:1"},
        Accepted{"[::2:3:4:5:6:7:8]:1", "[0:2:3:4:5:6:7:8]:1"},
        Accepted{"[1:2:3::5:6:7:8]:1", "[1:2:3:0:5:6:7:8]:1"},
        // RFC 5952: longest run of >= 2 zero groups, the first on ties
        Accepted{"[1:0:0:2:0:0:3:4]:1", "[1::2:0:0:3:4]:1"},
        Accepted{"[1:0:0:2:0:0:0:3]:1", "[1:0:0:2::3]:1"},
        Accepted{"[0:0:1:0:0:0:0:0]:1", "[0:0:1::]:1"},
        Accepted{"[1:0:2:0:3:0:4:0]:1", "[1:0:2:0:3:0:4:0]:1"},
        Accepted{"[0:0:1:0:0:2:0:0]:1", "[::1:0:0:2:0:0]:1"},
        // Embedded IPv4 (last 32 bits only); mapped keeps dotted form,
        // compatible prints in hex
        Accepted{"[::ffff:1.2.3.4]:1", "[::ffff:1.2.3.4]:1"},
        Accepted{"[::ffff:102:304]:1", "[::ffff:1.2.3.4]:1"},
        Accepted{"[::FFFF:0:0]:1", "[::ffff:0.0.0.0]:1"},
        Accepted{"[::1.2.3.4]:1", "[::102:304]:1"},
        Accepted{"[::0.0.0.0]:1", "[::]:1"},
        Accepted{"[::0.0.0.1]:1", "[::1]:1"},
        Accepted{"[1:2:3:4:5:6:1.2.3.4]:1", "[1:2:3:4:5:6:102:304]:1"},
        Accepted{"[1:2:3:4:5::1.2.3.4]:1", "[1:2:3:4:5:0:102:304]:1"},
        Accepted{"[::1:2.3.4.5]:1", "[::1:203:405]:1"},
        Accepted{"[64:ff9b::192.0.2.33]:1", "[64:ff9b::c000:221]:1"},
        // Scope ids: decimal u32, zeros allowed, 0 not printed
        Accepted{"[fe80::1%2]:80", "[fe80::1%2]:80"},
        Accepted{"[fe80::1%0]:80", "[fe80::1]:80"},
        Accepted{"[fe80::1%007]:80", "[fe80::1%7]:80"},
        Accepted{"[fe80::1%4294967295]:80", "[fe80::1%4294967295]:80"},
        Accepted{"[::ffff:1.2.3.4%1]:1", "[::ffff:1.2.3.4%1]:1"},
        Accepted{"[::%3]:0", "[::%3]:0"}));

class AddrParseRejects : public ::testing::TestWithParam<const char*> {};

TEST_P(AddrParseRejects, ReturnsEinvalAndLeavesOutputs) {
  sockaddr_storage ss;
  memset(&ss, 0xAB, sizeof ss);
  socklen_t len = 12345;
  EXPECT_EQ(mio_addr_parse(GetParam(), &ss, &len), -MIO_EINVAL)
      << "accepted: \"" << GetParam() << "\"";
  EXPECT_EQ(len, 12345u);
  const unsigned char* b = reinterpret_cast<const unsigned char*>(&ss);
  for (size_t i = 0; i < sizeof ss; i++) ASSERT_EQ(b[i], 0xAB) << i;
}

INSTANTIATE_TEST_SUITE_P(
    Addr, AddrParseRejects,
    ::testing::Values(
        "", ":", ":80", "1.2.3.4", "1.2.3.4:", "localhost:80",
        // IPv4 octets: leading zeros, range, count
        "01.2.3.4:80", "1.2.3.04:80", "00.2.3.4:80", "1.2.3.000:80",
        "256.1.1.1:80", "1.2.3.1000:80", "1.2.3:80", "1.2.3.4.5:80",
        "1..2.3:80", ".1.2.3.4:80", "1.2.3.4.:80", "0x1.2.3.4:80",
        // ports
        "1.2.3.4:65536", "1.2.3.4:99999999999999999999", "1.2.3.4:-1",
        "1.2.3.4:+80", "1.2.3.4:0x50", "1.2.3.4:80:80", "[::1]:0x50",
        "[::1]:65536", "[::1]:-0",
        // whitespace and trailing garbage
        " 1.2.3.4:80", "1.2.3.4:80 ", "1.2.3.4: 80", "1.2.3.4 :80",
        "1.2.3.4:80\n", "\t[::1]:80", "[ ::1]:80", "[::1 ]:80", "[::1] :80",
        "1.2.3.4:80x", "[::1]:80]",
        // brackets
        "::1:80", "::1", "[::1]", "[::1]:", "[::1:80", "::1]:80", "[[::1]]:80",
        "[]:80", "[::]]:80", "[1.2.3.4]:80", "1.2.3.4]:80", "[1.2.3.4:80",
        // group count and "::"
        "[1:2:3:4:5:6:7]:1", "[1:2:3:4:5:6:7:8:9]:1", "[1:2:3:4:5:6:7:8::]:1",
        "[::1:2:3:4:5:6:7:8]:1", "[1::2::3]:1", "[::1::]:1", "[:::1]:1",
        "[1:::2]:1", "[:1::2]:1", "[1::2:]:1", "[:]:1", "[1:]:1",
        // group digits
        "[12345::1]:1", "[::g]:1", "[::-1]:1", "[0x1::]:1",
        // embedded IPv4 placement and form
        "[1.2.3.4::1]:1", "[1.2.3.4::]:1", "[::1.2.3]:1", "[::01.2.3.4]:1",
        "[::1.2.3.4:5]:1", "[::1.2.3.4.5]:1", "[::256.1.1.1]:1",
        "[1:2:3:4:5:6:7:1.2.3.4]:1", "[1:2:3:4:5:6::1.2.3.4]:1",
        "[1:2:3:4:5:6:7::1.2.3.4]:1",
        // scope ids
        "[fe80::1%]:80", "[fe80::1%4294967296]:80", "[fe80::1%eth0]:80",
        "[fe80::1%-1]:80", "[fe80::1%+1]:80", "[fe80::1%1%1]:80",
        "[fe80::1]%1:80", "1.2.3.4%1:80",
        // non-ASCII
        "1.2.3.4:\xef\xbc\x98\xef\xbc\x90",
        "\xc2\xa0"
        "1.2.3.4:80"));

TEST(AddrParse, NullArgumentsAreEinval) {
  sockaddr_storage ss;
  socklen_t len;
  EXPECT_EQ(mio_addr_parse(nullptr, &ss, &len), -MIO_EINVAL);
  EXPECT_EQ(mio_addr_parse("1.2.3.4:5", nullptr, &len), -MIO_EINVAL);
  EXPECT_EQ(mio_addr_parse("1.2.3.4:5", &ss, nullptr), -MIO_EINVAL);
}

TEST(AddrParse, FillsZeroedSockaddrIn) {
  sockaddr_storage ss;
  memset(&ss, 0xAB, sizeof ss);
  socklen_t len = 0;
  ASSERT_EQ(mio_addr_parse("192.168.1.20:443", &ss, &len), 0);
  ASSERT_EQ(len, sizeof(sockaddr_in));
  const sockaddr_in* a = reinterpret_cast<const sockaddr_in*>(&ss);
  EXPECT_EQ(a->sin_family, AF_INET);
  EXPECT_EQ(ntohs(a->sin_port), 443);
  EXPECT_EQ(ntohl(a->sin_addr.s_addr), 0xC0A80114u);
  const unsigned char* b = reinterpret_cast<const unsigned char*>(&ss);
  for (size_t i = sizeof(sockaddr_in); i < sizeof ss; i++) EXPECT_EQ(b[i], 0);
  for (size_t i = 0; i < sizeof a->sin_zero; i++) EXPECT_EQ(a->sin_zero[i], 0);
}

TEST(AddrParse, FillsZeroedSockaddrIn6WithScope) {
  sockaddr_storage ss;
  memset(&ss, 0xAB, sizeof ss);
  socklen_t len = 0;
  ASSERT_EQ(mio_addr_parse("[fe80::a:b%42]:65535", &ss, &len), 0);
  ASSERT_EQ(len, sizeof(sockaddr_in6));
  const sockaddr_in6* a = reinterpret_cast<const sockaddr_in6*>(&ss);
  EXPECT_EQ(a->sin6_family, AF_INET6);
  EXPECT_EQ(ntohs(a->sin6_port), 65535);
  EXPECT_EQ(a->sin6_scope_id, 42u);
  EXPECT_EQ(a->sin6_flowinfo, 0u);
  in6_addr want;
  ASSERT_EQ(inet_pton(AF_INET6, "fe80::a:b", &want), 1);
  EXPECT_EQ(memcmp(&a->sin6_addr, &want, sizeof want), 0);
  const unsigned char* b = reinterpret_cast<const unsigned char*>(&ss);
  for (size_t i = sizeof(sockaddr_in6); i < sizeof ss; i++) EXPECT_EQ(b[i], 0);
}

// --------------------------------------------------------------- format

TEST(AddrFormat, IgnoresFlowinfo) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(9);
  a.sin6_flowinfo = htonl(0x12345);
  a.sin6_addr = in6addr_loopback;
  char buf[64];
  EXPECT_EQ(mio_addr_format(reinterpret_cast<sockaddr*>(&a), sizeof a, buf,
                            sizeof buf),
            7u);
  EXPECT_STREQ(buf, "[::1]:9");
}

TEST(AddrFormat, NonIpNullOrShortWritesEmpty) {
  char buf[16];
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  memcpy(buf, "xxxx", 5);
  EXPECT_EQ(mio_addr_format(reinterpret_cast<sockaddr*>(&un), sizeof un, buf,
                            sizeof buf),
            0u);
  EXPECT_STREQ(buf, "");
  memcpy(buf, "xxxx", 5);
  EXPECT_EQ(mio_addr_format(nullptr, 16, buf, sizeof buf), 0u);
  EXPECT_STREQ(buf, "");
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  memcpy(buf, "xxxx", 5);
  EXPECT_EQ(mio_addr_format(reinterpret_cast<sockaddr*>(&v4), sizeof v4 - 1,
                            buf, sizeof buf),
            0u);
  EXPECT_STREQ(buf, "");
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  EXPECT_EQ(mio_addr_format(reinterpret_cast<sockaddr*>(&v6), sizeof v4, buf,
                            sizeof buf),
            0u);
  EXPECT_EQ(mio_addr_format(nullptr, 0, nullptr, 0), 0u);
}

TEST(AddrFormat, FollowsSnprintfContract) {
  sockaddr_storage ss;
  socklen_t len;
  ASSERT_EQ(mio_addr_parse("[fe80::1%2]:80", &ss, &len), 0);
  const sockaddr* a = reinterpret_cast<const sockaddr*>(&ss);
  const std::string full = "[fe80::1%2]:80";
  EXPECT_EQ(mio_addr_format(a, len, nullptr, 0), full.size());
  for (size_t cap = 1; cap <= full.size() + 2; cap++) {
    char buf[32];
    memset(buf, '#', sizeof buf);
    EXPECT_EQ(mio_addr_format(a, len, buf, cap), full.size());
    size_t want = std::min(cap - 1, full.size());
    EXPECT_EQ(std::string(buf), full.substr(0, want)) << cap;
    EXPECT_EQ(buf[cap], '#') << "wrote past len " << cap;
  }
  char one = 'x';
  EXPECT_EQ(mio_addr_format(a, len, &one, 1), full.size());
  EXPECT_EQ(one, '\0');
}

TEST(AddrFormat, LongestV6FitsExactly) {
  EXPECT_EQ(ParseAndFormat("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%"
                           "4294967295]:65535"),
            "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535");
  EXPECT_EQ(ParseAndFormat("[::ffff:255.255.255.255%4294967295]:65535"),
            "[::ffff:255.255.255.255%4294967295]:65535");
}

// Random addresses (many zero groups, so every compression case shows up)
// survive format -> parse unchanged; outside the special forms the text
// agrees with inet_ntop, which also implements RFC 5952.
// Whether the longest run (two or more) of zero 16-bit groups occurs twice.
bool TwoLongestZeroRuns(const uint8_t* b) {
  int best = 0, count = 0, run = 0;
  for (int g = 0; g <= 8; g++) {
    if (g < 8 && b[2 * g] == 0 && b[2 * g + 1] == 0) {
      run++;
      continue;
    }
    if (run > best) best = run, count = 0;
    if (run == best) count++;
    run = 0;
  }
  return best >= 2 && count > 1;
}

TEST(AddrFormat, RandomV6RoundTrips) {
  std::mt19937 rng(1234);
  for (int iter = 0; iter < 20000; iter++) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<uint16_t>(rng()));
    a.sin6_scope_id = (rng() % 4 == 0) ? rng() : 0;
    for (int g = 0; g < 8; g++) {
      uint16_t v = 0;
      if (rng() % 2) v = static_cast<uint16_t>(rng() % 3 ? rng() : rng() % 16);
      a.sin6_addr.s6_addr[2 * g] = static_cast<uint8_t>(v >> 8);
      a.sin6_addr.s6_addr[2 * g + 1] = static_cast<uint8_t>(v);
    }
    char text[80];
    size_t n = mio_addr_format(reinterpret_cast<sockaddr*>(&a), sizeof a, text,
                               sizeof text);
    ASSERT_EQ(n, strlen(text));
    sockaddr_storage back;
    socklen_t blen;
    ASSERT_EQ(mio_addr_parse(text, &back, &blen), 0) << text;
    const sockaddr_in6* b = reinterpret_cast<const sockaddr_in6*>(&back);
    ASSERT_EQ(memcmp(&a.sin6_addr, &b->sin6_addr, 16), 0) << text;
    ASSERT_EQ(a.sin6_port, b->sin6_port) << text;
    ASSERT_EQ(a.sin6_scope_id, b->sin6_scope_id) << text;
    // glibc prints ::a.b.c.d for IPv4-compatible and mapped addresses.
    const uint8_t* s = a.sin6_addr.s6_addr;
    bool special = true;
    for (int i = 0; i < 10; i++) special = special && s[i] == 0;
    if (special) continue;
    // Two longest zero runs of equal length: RFC 5952 §4.2.3 compresses the
    // first (glibc does, musl the last): AddrFormat.EqualZeroRunsCompressFirst.
    if (TwoLongestZeroRuns(s)) continue;
    char ip[INET6_ADDRSTRLEN];
    ASSERT_NE(inet_ntop(AF_INET6, &a.sin6_addr, ip, sizeof ip), nullptr);
    std::string want = "[" + std::string(ip);
    if (a.sin6_scope_id != 0) want += "%" + std::to_string(a.sin6_scope_id);
    want += "]:" + std::to_string(ntohs(a.sin6_port));
    ASSERT_EQ(std::string(text), want);
  }
}

// RFC 5952 §4.2.3, as Rust's Ipv6Addr Display; musl's inet_ntop compresses
// the last run instead (found by the musl row).
TEST(AddrFormat, EqualZeroRunsCompressFirst) {
  sockaddr_storage a;
  socklen_t alen;
  ASSERT_EQ(mio_addr_parse("[0:0:fa13:8bdb:0:0:8:5e0a]:1", &a, &alen), 0);
  char text[80];
  mio_addr_format(reinterpret_cast<sockaddr*>(&a), alen, text, sizeof text);
  EXPECT_STREQ(text, "[::fa13:8bdb:0:0:8:5e0a]:1");
}

TEST(AddrFormat, AllV4OctetsRoundTrip) {
  for (int o = 0; o < 256; o++) {
    std::string s = std::to_string(o) + ".0." + std::to_string(255 - o) +
                    ".9:" + std::to_string(o * 257);
    EXPECT_EQ(ParseAndFormat(s), s);
  }
}

// ----------------------------------------------------- Unix addresses

TEST(UnixAddr, PathnameEncoding) {
  sockaddr_un a;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_addr_from_pathname(&a, &len, "/tmp/sock"), 0);
  EXPECT_EQ(a.sun_family, AF_UNIX);
  EXPECT_EQ(len, kSunOff + 10);
  EXPECT_EQ(a.sun_path[9], '\0');
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_PATHNAME);
  const char* p = nullptr;
  ASSERT_EQ(mio_unix_addr_pathname(&a, len, &p), 9u);
  EXPECT_EQ(p, a.sun_path);
  EXPECT_EQ(std::string(p, 9), "/tmp/sock");
  const char* name = nullptr;
  EXPECT_EQ(mio_unix_addr_abstract_name(&a, len, &name), 0u);
  EXPECT_EQ(name, nullptr);
}

TEST(UnixAddr, PathnameAtAndOverSunPathSize) {
  sockaddr_un a;
  socklen_t len = 0;
  std::string longest(kSunCap - 1, 'p');
  ASSERT_EQ(mio_unix_addr_from_pathname(&a, &len, longest.c_str()), 0);
  EXPECT_EQ(len, sizeof(sockaddr_un));
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&a, len, &p), kSunCap - 1);

  for (size_t n : {kSunCap, kSunCap + 1, size_t{4096}}) {
    std::string too_long(n, 'q');
    memset(&a, 0x5A, sizeof a);
    len = 777;
    EXPECT_EQ(mio_unix_addr_from_pathname(&a, &len, too_long.c_str()),
              -MIO_EINVAL)
        << n;
    EXPECT_EQ(len, 777u);
    EXPECT_EQ(reinterpret_cast<unsigned char*>(&a)[0], 0x5A);
  }
}

TEST(UnixAddr, EmptyPathIsUnnamed) {
  sockaddr_un a;
  socklen_t len = 99;
  ASSERT_EQ(mio_unix_addr_from_pathname(&a, &len, ""), 0);
  EXPECT_EQ(len, kSunOff);
  EXPECT_EQ(a.sun_family, AF_UNIX);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_UNNAMED);
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&a, len, &p), 0u);
  EXPECT_EQ(p, nullptr);
}

TEST(UnixAddr, KernelPathWithoutNulUsesWholeSunPath) {
  // Linux may return a full sun_path with no terminator.
  sockaddr_un a;
  memset(&a, 'z', sizeof a);
  a.sun_family = AF_UNIX;
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&a, sizeof a, &p), kSunCap);
  // A length past the struct is clamped.
  EXPECT_EQ(mio_unix_addr_pathname(&a, sizeof a + 20, &p), kSunCap);
  // A length that does not count the NUL still gives the path.
  sockaddr_un b{};
  b.sun_family = AF_UNIX;
  memcpy(b.sun_path, "abc", 3);
  EXPECT_EQ(mio_unix_addr_pathname(&b, kSunOff + 3, &p), 3u);
  EXPECT_EQ(mio_unix_addr_pathname(&b, kSunOff + 20, &p), 3u);
}

TEST(UnixAddr, KindOfNullOrShortIsUnnamed) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  a.sun_path[0] = 'x';
  EXPECT_EQ(mio_unix_addr_kind_of(nullptr, sizeof a), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, 0), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, kSunOff), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, kSunOff + 1), MIO_UNIX_ADDR_PATHNAME);
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(nullptr, sizeof a, &p), 0u);
  EXPECT_EQ(mio_unix_addr_abstract_name(nullptr, sizeof a, &p), 0u);
}

TEST(UnixAddr, NullArgumentsAreEinval) {
  sockaddr_un a;
  socklen_t len;
  EXPECT_EQ(mio_unix_addr_from_pathname(nullptr, &len, "/x"), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_addr_from_pathname(&a, nullptr, "/x"), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_addr_from_pathname(&a, &len, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_addr_from_abstract_name(nullptr, &len, "x", 1),
            -MIO_EINVAL);
  EXPECT_EQ(mio_unix_addr_from_abstract_name(&a, nullptr, "x", 1), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_addr_from_abstract_name(&a, &len, nullptr, 1),
            -MIO_EINVAL);
}

#if MIO_TEST_ABSTRACT_UNIX_NAMES
TEST(UnixAddr, AbstractNameEncoding) {
  sockaddr_un a;
  socklen_t len = 0;
  const char raw[] = {'a', '\0', 'b'};  // embedded NULs are allowed
  ASSERT_EQ(mio_unix_addr_from_abstract_name(&a, &len, raw, sizeof raw), 0);
  EXPECT_EQ(a.sun_family, AF_UNIX);
  EXPECT_EQ(len, kSunOff + 1 + 3);
  EXPECT_EQ(a.sun_path[0], '\0');
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_ABSTRACT);
  const char* name = nullptr;
  ASSERT_EQ(mio_unix_addr_abstract_name(&a, len, &name), 3u);
  EXPECT_EQ(name, a.sun_path + 1);
  EXPECT_EQ(memcmp(name, raw, 3), 0);
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&a, len, &p), 0u);
  EXPECT_EQ(p, nullptr);
}

TEST(UnixAddr, AbstractNameAtAndOverSunPathSize) {
  sockaddr_un a;
  socklen_t len = 0;
  std::string longest(kSunCap - 1, 'n');
  ASSERT_EQ(mio_unix_addr_from_abstract_name(&a, &len, longest.data(),
                                             longest.size()),
            0);
  EXPECT_EQ(len, sizeof(sockaddr_un));
  const char* name = nullptr;
  EXPECT_EQ(mio_unix_addr_abstract_name(&a, len, &name), kSunCap - 1);
  std::string too_long(kSunCap, 'n');
  len = 5;
  EXPECT_EQ(mio_unix_addr_from_abstract_name(&a, &len, too_long.data(),
                                             too_long.size()),
            -MIO_EINVAL);
  EXPECT_EQ(len, 5u);
}

// A length near SIZE_MAX must not wrap the "namelen + 1" bound into a
// huge memcpy.
TEST(UnixAddr, AbstractNameOfSizeMaxIsRejected) {
  sockaddr_un a;
  socklen_t len = 5;
  EXPECT_EQ(mio_unix_addr_from_abstract_name(&a, &len, "x", SIZE_MAX),
            -MIO_EINVAL);
  EXPECT_EQ(len, 5u);
}

TEST(UnixAddr, EmptyAbstractName) {
  sockaddr_un a;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_addr_from_abstract_name(&a, &len, nullptr, 0), 0);
  EXPECT_EQ(len, kSunOff + 1);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_ABSTRACT);
  const char* name = nullptr;
  EXPECT_EQ(mio_unix_addr_abstract_name(&a, len, &name), 0u);
  EXPECT_EQ(name, a.sun_path + 1);
}
#else
TEST(UnixAddr, AbstractNameNotSupported) {
  sockaddr_un a;
  socklen_t len;
  EXPECT_EQ(mio_unix_addr_from_abstract_name(&a, &len, "x", 1), -MIO_ENOTSUP);
}
#endif

}  // namespace

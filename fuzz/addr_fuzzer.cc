// mio_addr_parse / mio_addr_format and the Unix address helpers on arbitrary
// input (API.md §11.1, §11.5, §15.5-15.7). Oracles:
//  - parse never crashes; on rejection its outputs are untouched;
//  - an accepted address formats to text that parses back to the same
//    address (family, port, address, scope id), and formatting is stable;
//  - any sockaddr_in/_in6 formats within any buffer length (snprintf
//    contract, guard bytes intact) and, for an IP family, round-trips;
//  - pathname/abstract encodings decode back to the bytes put in.
#include <string.h>
#include <sys/un.h>

#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "mio/core/error.h"
#include "mio/net/addr.h"

// Abstract Unix names are Linux's, and not in the portable POSIX build.
#if defined(__linux__) && !defined(MIO_PORTABLE_POSIX)
constexpr bool kAbstractNames = true;
#else
constexpr bool kAbstractNames = false;
#endif

namespace {

using mio_fuzz::FuzzInput;

bool SameIp(const sockaddr_storage &a, const sockaddr_storage &b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET) {
    const auto &x = reinterpret_cast<const sockaddr_in &>(a);
    const auto &y = reinterpret_cast<const sockaddr_in &>(b);
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  const auto &x = reinterpret_cast<const sockaddr_in6 &>(a);
  const auto &y = reinterpret_cast<const sockaddr_in6 &>(b);
  return x.sin6_port == y.sin6_port && x.sin6_scope_id == y.sin6_scope_id &&
         memcmp(&x.sin6_addr, &y.sin6_addr, sizeof x.sin6_addr) == 0;
}

// Formats with the snprintf contract checked against a guarded buffer of
// length `len`; returns the full text.
std::string FormatChecked(const sockaddr *a, socklen_t alen, size_t len) {
  size_t full = mio_addr_format(a, alen, nullptr, 0);
  std::string text(full + 1, '\0');
  MIO_FUZZ_CHECK(mio_addr_format(a, alen, &text[0], text.size()) == full,
                 "length changed between calls");
  text.resize(full);
  MIO_FUZZ_CHECK(strlen(text.c_str()) == full, "embedded NUL");
  std::string buf(len + 16, '\x5a');
  size_t got = mio_addr_format(a, alen, len ? &buf[0] : nullptr, len);
  MIO_FUZZ_CHECK(got == full, "returned %zu, full length %zu", got, full);
  for (size_t i = len; i < buf.size(); i++) {
    MIO_FUZZ_CHECK(buf[i] == '\x5a', "wrote past len %zu", len);
  }
  if (len > 0) {
    size_t kept = full < len - 1 ? full : len - 1;
    MIO_FUZZ_CHECK(
        buf[kept] == '\0' && text.compare(0, kept, buf, 0, kept) == 0,
        "not a NUL-terminated prefix");
  }
  return text;
}

void ParseText(FuzzInput &in) {
  std::string s;
  while (!in.empty()) s.push_back(static_cast<char>(in.U8()));
  s = s.c_str();  // parse takes a C string
  sockaddr_storage out;
  memset(&out, 0xa5, sizeof out);
  socklen_t outlen = 0x1234;
  int rc = mio_addr_parse(s.c_str(), &out, &outlen);
  if (rc != 0) {
    MIO_FUZZ_CHECK(rc == -MIO_EINVAL, "parse returned %d", rc);
    const auto *bytes = reinterpret_cast<const unsigned char *>(&out);
    for (size_t i = 0; i < sizeof out; i++) {
      MIO_FUZZ_CHECK(bytes[i] == 0xa5, "rejected parse wrote its output");
    }
    MIO_FUZZ_CHECK(outlen == 0x1234, "rejected parse wrote its length");
    return;
  }
  MIO_FUZZ_CHECK(out.ss_family == AF_INET || out.ss_family == AF_INET6,
                 "family %d", out.ss_family);
  socklen_t want =
      out.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  MIO_FUZZ_CHECK(outlen == want, "length %u", unsigned(outlen));
  std::string text =
      FormatChecked(reinterpret_cast<sockaddr *>(&out), outlen, s.size() % 48);
  sockaddr_storage again;
  socklen_t againlen;
  MIO_FUZZ_CHECK(mio_addr_parse(text.c_str(), &again, &againlen) == 0,
                 "'%s' (from '%s') does not parse", text.c_str(), s.c_str());
  MIO_FUZZ_CHECK(SameIp(out, again), "'%s' -> '%s' changed the address",
                 s.c_str(), text.c_str());
  std::string text2 = FormatChecked(reinterpret_cast<sockaddr *>(&again),
                                    againlen, text.size() + 1);
  MIO_FUZZ_CHECK(text == text2, "format unstable: '%s' vs '%s'", text.c_str(),
                 text2.c_str());
}

void FormatRaw(FuzzInput &in) {
  sockaddr_storage a;
  memset(&a, 0, sizeof a);
  auto *bytes = reinterpret_cast<unsigned char *>(&a);
  for (size_t i = 0; i < sizeof(sockaddr_in6); i++) bytes[i] = in.U8();
  uint8_t pick = in.U8();
  if (pick & 1) a.ss_family = (pick & 2) ? AF_INET6 : AF_INET;
  socklen_t alen = static_cast<socklen_t>(in.U8() % (sizeof a + 1));
  std::string text =
      FormatChecked(reinterpret_cast<sockaddr *>(&a), alen, in.U8() % 64);
  bool ip = (a.ss_family == AF_INET && alen >= sizeof(sockaddr_in)) ||
            (a.ss_family == AF_INET6 && alen >= sizeof(sockaddr_in6));
  if (!ip) {
    MIO_FUZZ_CHECK(text.empty(), "non-IP address formatted as '%s'",
                   text.c_str());
    return;
  }
  sockaddr_storage back;
  socklen_t backlen;
  MIO_FUZZ_CHECK(mio_addr_parse(text.c_str(), &back, &backlen) == 0,
                 "formatted '%s' does not parse", text.c_str());
  MIO_FUZZ_CHECK(SameIp(a, back), "'%s' does not round-trip", text.c_str());
}

void UnixHelpers(FuzzInput &in) {
  std::string name;
  size_t n = in.U8();
  for (size_t i = 0; i < n && !in.empty(); i++) {
    name.push_back(static_cast<char>(in.U8()));
  }
  sockaddr_un a;
  socklen_t len = 0;
  std::string path = name.c_str();
  int rc = mio_unix_addr_from_pathname(&a, &len, path.c_str());
  if (path.size() >= sizeof a.sun_path) {
    MIO_FUZZ_CHECK(rc == -MIO_EINVAL, "over-long path gave %d", rc);
  } else {
    MIO_FUZZ_CHECK(rc == 0, "path of %zu bytes gave %d", path.size(), rc);
    const char *got = nullptr;
    size_t got_len = mio_unix_addr_pathname(&a, len, &got);
    if (path.empty()) {
      MIO_FUZZ_CHECK(mio_unix_addr_kind_of(&a, len) == MIO_UNIX_ADDR_UNNAMED,
                     "empty path is not unnamed");
    } else {
      MIO_FUZZ_CHECK(
          got_len == path.size() && memcmp(got, path.data(), got_len) == 0,
          "pathname does not round-trip");
    }
  }
  rc = mio_unix_addr_from_abstract_name(&a, &len, name.data(), name.size());
  if (!kAbstractNames) {
    MIO_FUZZ_CHECK(rc == -MIO_ENOTSUP, "abstract name off Linux gave %d", rc);
  } else if (name.size() + 1 > sizeof a.sun_path) {
    MIO_FUZZ_CHECK(rc == -MIO_EINVAL, "over-long abstract name gave %d", rc);
  } else {
    MIO_FUZZ_CHECK(rc == 0, "abstract name gave %d", rc);
    const char *got = nullptr;
    size_t got_len = mio_unix_addr_abstract_name(&a, len, &got);
    MIO_FUZZ_CHECK(got_len == name.size() &&
                       (got_len == 0 || memcmp(got, name.data(), got_len) == 0),
                   "abstract name does not round-trip");
  }
  // Arbitrary bytes and lengths: classification never reads out of bounds.
  auto *raw = reinterpret_cast<unsigned char *>(&a);
  for (size_t i = 0; i < sizeof a; i++) raw[i] = in.U8();
  socklen_t any = static_cast<socklen_t>(in.U8() % (sizeof a + 8));
  const char *p = nullptr;
  (void)mio_unix_addr_kind_of(&a, any);
  (void)mio_unix_addr_pathname(&a, any, &p);
  (void)mio_unix_addr_abstract_name(&a, any, &p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzInput in(data, size);
  switch (in.U8() % 3) {
    case 0:
      ParseText(in);
      break;
    case 1:
      FormatRaw(in);
      break;
    default:
      UnixHelpers(in);
      break;
  }
  return 0;
}

// mio-c C++ wrapper: MIO_E* codes as absl::Status.
//
// Every wrapper call that fails returns a non-OK absl::Status whose code is
// the closest absl code (kErrorCodeNames below: abseil's own errno mapping,
// MIO_E* == errno on POSIX, with three documented exceptions; e.g. EAGAIN,
// EINTR, ECONNRESET -> kUnavailable, EINVAL -> kInvalidArgument, EBADF ->
// kFailedPrecondition) and whose message starts with the code's name:
//
//   "MIO_EADDRINUSE: Address already in use (mio_tcp_listener_bind)"
//
// A code without a MIO_E* name (another -errno passed through by the OS) is
// written "errno 123: ...". MioCode() recovers the negative code.
//
// Allocation: success never allocates. An error Status owns a heap-allocated
// message (abseil), except would-block: every -MIO_EAGAIN is a copy of one
// shared Status (a reference-count increment), because would-block ends every
// edge-triggered drain loop and is not an error. Its message has no call-site
// suffix: "MIO_EAGAIN: Resource temporarily unavailable".
#ifndef MIO_CPP_STATUS_HPP_
#define MIO_CPP_STATUS_HPP_

#ifdef _WIN32
#error "mio/cpp is POSIX-only for now: the mapping relies on MIO_E* == errno"
#endif

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "mio/core/error.h"

namespace mio {

// One MIO_E* code, its macro name and its absl code.
struct ErrorCodeName {
  int code;  // positive MIO_E* value
  const char* name;
  absl::StatusCode status_code;
};

// Every MIO_E* macro of mio/core/error.h. Aliases (MIO_EWOULDBLOCK, and
// MIO_EOPNOTSUPP where it equals MIO_ENOTSUP) come after the name reported
// for their value, so a lookup finds the primary name first.
//
// The absl codes are absl::ErrnoToStatusCode's, except three it leaves
// kUnknown or odd: MIO_EINPROGRESS -> kUnavailable (a connect still in
// progress: try again after the writable event), MIO_EMSGSIZE ->
// kInvalidArgument (the datagram is too large), MIO_EADDRNOTAVAIL ->
// kFailedPrecondition (absl: kAlreadyExists; the address is not local or no
// local port is free). Codes without a MIO_E* name use ErrnoToStatusCode.
inline constexpr ErrorCodeName kErrorCodeNames[] = {
    {MIO_EAGAIN, "MIO_EAGAIN", absl::StatusCode::kUnavailable},
    {MIO_EINTR, "MIO_EINTR", absl::StatusCode::kUnavailable},
    {MIO_EINVAL, "MIO_EINVAL", absl::StatusCode::kInvalidArgument},
    {MIO_EEXIST, "MIO_EEXIST", absl::StatusCode::kAlreadyExists},
    {MIO_ENOENT, "MIO_ENOENT", absl::StatusCode::kNotFound},
    {MIO_ENOMEM, "MIO_ENOMEM", absl::StatusCode::kResourceExhausted},
    {MIO_EBADF, "MIO_EBADF", absl::StatusCode::kFailedPrecondition},
    {MIO_EALREADY, "MIO_EALREADY", absl::StatusCode::kAlreadyExists},
    {MIO_EINPROGRESS, "MIO_EINPROGRESS", absl::StatusCode::kUnavailable},
    {MIO_ENOTCONN, "MIO_ENOTCONN", absl::StatusCode::kFailedPrecondition},
    {MIO_EISCONN, "MIO_EISCONN", absl::StatusCode::kFailedPrecondition},
    {MIO_ECONNREFUSED, "MIO_ECONNREFUSED", absl::StatusCode::kUnavailable},
    {MIO_ECONNRESET, "MIO_ECONNRESET", absl::StatusCode::kUnavailable},
    {MIO_ECONNABORTED, "MIO_ECONNABORTED", absl::StatusCode::kUnavailable},
    {MIO_EPIPE, "MIO_EPIPE", absl::StatusCode::kFailedPrecondition},
    {MIO_EADDRINUSE, "MIO_EADDRINUSE", absl::StatusCode::kFailedPrecondition},
    {MIO_EADDRNOTAVAIL, "MIO_EADDRNOTAVAIL",
     absl::StatusCode::kFailedPrecondition},
    {MIO_EAFNOSUPPORT, "MIO_EAFNOSUPPORT", absl::StatusCode::kUnimplemented},
    {MIO_EDESTADDRREQ, "MIO_EDESTADDRREQ", absl::StatusCode::kInvalidArgument},
    {MIO_EMSGSIZE, "MIO_EMSGSIZE", absl::StatusCode::kInvalidArgument},
    {MIO_ENOBUFS, "MIO_ENOBUFS", absl::StatusCode::kResourceExhausted},
    {MIO_ENOPROTOOPT, "MIO_ENOPROTOOPT", absl::StatusCode::kInvalidArgument},
    {MIO_ENOTSOCK, "MIO_ENOTSOCK", absl::StatusCode::kInvalidArgument},
    {MIO_ENOTSUP, "MIO_ENOTSUP", absl::StatusCode::kUnimplemented},
    {MIO_EOPNOTSUPP, "MIO_EOPNOTSUPP", absl::StatusCode::kUnimplemented},
    {MIO_ETIMEDOUT, "MIO_ETIMEDOUT", absl::StatusCode::kDeadlineExceeded},
    {MIO_EHOSTUNREACH, "MIO_EHOSTUNREACH", absl::StatusCode::kUnavailable},
    {MIO_ENETUNREACH, "MIO_ENETUNREACH", absl::StatusCode::kUnavailable},
    {MIO_EACCES, "MIO_EACCES", absl::StatusCode::kPermissionDenied},
    {MIO_EPERM, "MIO_EPERM", absl::StatusCode::kPermissionDenied},
    {MIO_EMFILE, "MIO_EMFILE", absl::StatusCode::kResourceExhausted},
    {MIO_ENFILE, "MIO_ENFILE", absl::StatusCode::kResourceExhausted},
    {MIO_ENOSYS, "MIO_ENOSYS", absl::StatusCode::kUnimplemented},
    {MIO_ENAMETOOLONG, "MIO_ENAMETOOLONG", absl::StatusCode::kInvalidArgument},
    {MIO_ECANCELED, "MIO_ECANCELED", absl::StatusCode::kCancelled},
    {MIO_EIO, "MIO_EIO", absl::StatusCode::kUnknown},
    {MIO_EWOULDBLOCK, "MIO_EWOULDBLOCK", absl::StatusCode::kUnavailable},
};

// The index in kErrorCodeNames of a code (either sign); -1 for 0 and for
// codes without a MIO_E* name. (An index, not a pointer: GCC's UBSan
// instrumentation makes pointer compares non-constant.)
constexpr int ErrorCodeIndex(int code) {
  const int c = code < 0 ? -code : code;
  int i = 0;
  for (const ErrorCodeName& e : kErrorCodeNames) {
    if (e.code == c) return i;
    i++;
  }
  return -1;
}

// "MIO_EAGAIN" for -MIO_EAGAIN or MIO_EAGAIN; nullptr for 0 and for codes
// without a MIO_E* name.
constexpr const char* ErrorName(int code) {
  const int i = ErrorCodeIndex(code);
  return i < 0 ? nullptr : kErrorCodeNames[i].name;
}

// The absl code for a mio code (either sign); kOk for 0.
inline absl::StatusCode ErrorStatusCode(int code) {
  if (code == 0) return absl::StatusCode::kOk;
  const int i = ErrorCodeIndex(code);
  return i >= 0 ? kErrorCodeNames[i].status_code
                : absl::ErrnoToStatusCode(code < 0 ? -code : code);
}

namespace internal {

// The message prefix of code `c` (> 0): its name, or "errno <c>".
inline std::string CodePrefix(int c) {
  const char* name = ErrorName(c);
  return name != nullptr ? std::string(name) : absl::StrCat("errno ", c);
}

// The shared would-block Status (built once; copies share its message).
inline const absl::Status& WouldBlockStatus() {
  static const absl::Status* const kStatus = new absl::Status(
      ErrorStatusCode(MIO_EAGAIN),
      absl::StrCat(CodePrefix(MIO_EAGAIN), ": ", mio_strerror(MIO_EAGAIN)));
  return *kStatus;
}

}  // namespace internal

// The Status for a negative mio code returned by the C function `op`
// (e.g. "mio_tcp_stream_read"; may be nullptr). `code` must be < 0.
ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD inline absl::Status ErrorStatus(
    int code, const char* op) {
  if (code == -MIO_EAGAIN) return internal::WouldBlockStatus();
  const int c = code < 0 ? -code : code;
  std::string msg =
      absl::StrCat(internal::CodePrefix(c), ": ", mio_strerror(c));
  if (op != nullptr) absl::StrAppend(&msg, " (", op, ")");
  return absl::Status(ErrorStatusCode(c), msg);
}

// The negative mio code `s` was made from; 0 when `s` is OK or was not made
// by ErrorStatus (no "MIO_E...:" / "errno N:" prefix).
inline int MioCode(const absl::Status& s) {
  if (s.ok()) return 0;
  const absl::string_view msg = s.message();
  const size_t colon = msg.find(':');
  if (colon == absl::string_view::npos) return 0;
  const absl::string_view head = msg.substr(0, colon);
  for (const ErrorCodeName& e : kErrorCodeNames) {
    if (head == e.name) return -e.code;
  }
  int n = 0;
  absl::string_view num = head;
  if (absl::ConsumePrefix(&num, "errno ") && absl::SimpleAtoi(num, &n) &&
      n > 0) {
    return -n;
  }
  return 0;
}

// true iff `s` is would-block (-MIO_EAGAIN): wait for the next event.
// Cheap (a code check and a prefix compare): it runs at the end of every
// drain loop.
inline bool IsWouldBlock(const absl::Status& s) {
  constexpr absl::StatusCode kCode =
      kErrorCodeNames[ErrorCodeIndex(MIO_EAGAIN)].status_code;
  return s.code() == kCode && absl::StartsWith(s.message(), "MIO_EAGAIN:");
}

namespace internal {

// 0 -> OK; negative -> ErrorStatus.
inline absl::Status Check(int r, const char* op) {
  if (ABSL_PREDICT_TRUE(r == 0)) return absl::OkStatus();
  return ErrorStatus(r, op);
}

// A byte count (>= 0) or a negative code.
inline absl::StatusOr<size_t> CheckSize(ptrdiff_t r, const char* op) {
  if (ABSL_PREDICT_TRUE(r >= 0)) return static_cast<size_t>(r);
  return ErrorStatus(static_cast<int>(r), op);
}

// A getter's value, or the call's error.
template <typename V>
absl::StatusOr<V> CheckValue(int r, V v, const char* op) {
  if (ABSL_PREDICT_TRUE(r == 0)) return v;
  return ErrorStatus(r, op);
}

// take_error's two results folded: the query's failure, else the pending
// error (OK when none).
inline absl::Status PendingError(int r, int pending, const char* op) {
  if (ABSL_PREDICT_FALSE(r != 0)) return ErrorStatus(r, op);
  if (pending != 0) return ErrorStatus(pending, "SO_ERROR");
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace mio

#endif  // MIO_CPP_STATUS_HPP_

// The bad-input contract table (API.md §2.1, §2.3, §15): one Row per bad
// input of an exported function, with the exact result API.md gives.
//
// A row is data: the function's name, what is wrong with the input, the call
// (a lambda over an Env that provides polls, live objects and temporary
// paths) and the expected result. The name is tied to the call mechanically:
// MIO_ROW pastes the same identifier into both, and MIO_FN / MIO_NAMED check
// that the named function exists. bad_input_test.cc runs every row as its
// own test and checks that every exported function has at least one.
#ifndef MIO_TESTING_CONTRACT_ROW_H_
#define MIO_TESTING_CONTRACT_ROW_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "mio/mio.h"

namespace mio_contract {

// What a call returned, in a comparable form: integers (codes, lengths,
// bools, enums, descriptors), strings (mio_strerror, mio_backend_name and
// formatted output) and pointers (only NULL or not).
enum class Ptr { kNull, kNonNull };
using Value = std::variant<int64_t, std::string, Ptr>;

// "-22 (EINVAL)", "\"none\"", "NULL", "non-NULL".
std::string Describe(const Value& v);

template <typename R>
Value ToValue(R r) {
  if constexpr (std::is_same_v<R, const char*> || std::is_same_v<R, char*>) {
    return std::string(r != nullptr ? r : "(null pointer)");
  } else if constexpr (std::is_pointer_v<R>) {
    return r != nullptr ? Ptr::kNonNull : Ptr::kNull;
  } else if constexpr (std::is_same_v<R, std::string>) {
    return r;
  } else {
    return static_cast<int64_t>(r);
  }
}

// Runs `f`; a void result counts as 0 ("returned, did not crash").
template <typename F>
Value Call(F f) {
  if constexpr (std::is_void_v<decltype(f())>) {
    f();
    return int64_t{0};
  } else {
    return ToValue(f());
  }
}

class Env;

struct Row {
  std::string fn;    // exported function under test
  std::string what;  // the bad input, e.g. "NULL out"
  std::function<Value(Env&)> call;
  Value expected;
  std::string name;  // unique test name, filled in by AllRows()
};
using Rows = std::vector<Row>;
// How gtest prints a row (its function and bad input).
void PrintTo(const Row& row, std::ostream* os);

// Expected values.
inline Value Code(int64_t code) { return code; }
inline Value Str(const char* s) { return std::string(s); }
inline const Value kNull = Ptr::kNull;
inline const Value kNonNull = Ptr::kNonNull;
inline const Value kTrue = int64_t{1};
inline const Value kFalse = int64_t{0};
inline const Value kOk = int64_t{0};
inline const Value kInvalidFd = int64_t{MIO_INVALID_RAW_FD};

// A function and its name, from one identifier.
template <typename F>
struct Named {
  const char* name;
  F fn;
};
#define MIO_NAMED(f) \
  ::mio_contract::Named<decltype(&f)> { #f, &f }
// f with its enum parameter taken as int (bad_enum.h), named as f.
#define MIO_NAMED_INT_ENUM(f) \
  ::mio_contract::Named<decltype(&bad_enum_##f)> { #f, &bad_enum_##f }
// The name of an existing function (for multi-step rows).
#define MIO_FN(f) (static_cast<void>(&f), #f)

// A row that is one call: `fn args`; `args` may use `e` (the Env).
#define MIO_ROW(fn, what, args, expected)                               \
  ::mio_contract::Row {                                                 \
#fn, what,                                                            \
        [](::mio_contract::Env & e) -> ::mio_contract::Value {            \
          static_cast<void>(e);                                           \
          return ::mio_contract::Call([&] { return fn args; });           \
        },                                                                \
        ::mio_contract::Value(expected), {} \
  }

// The backend this build asked for (io_uring may fall back to epoll at run
// time; that backend is not part of the bad-input matrix).
#ifdef MIO_TEST_BUILD_BACKEND_POLL
inline constexpr bool kPollBackend = true;
#else
inline constexpr bool kPollBackend = false;
#endif

// Rows per area (rows_*.cc) and all of them with unique names.
void AddCoreRows(Rows& rows);
void AddRegistryRows(Rows& rows);
void AddIpRows(Rows& rows);
void AddUnixRows(Rows& rows);
void AddValueObjectRows(Rows& rows);
const Rows& AllRows();

}  // namespace mio_contract

#endif  // MIO_TESTING_CONTRACT_ROW_H_

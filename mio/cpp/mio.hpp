// mio-c C++17 wrapper: the whole API in one include.
//
//   #include "mio/cpp/mio.hpp"   // Bazel: deps = ["//mio/cpp"]
//
// Header-only, inline, no virtual calls, no allocation on success (see
// status.hpp for the error path): move-only RAII types over the C objects of
// //mio, results as absl::Status / absl::StatusOr. docs/cpp.md has the
// overview; the C headers hold the full semantics of each call.
#ifndef MIO_CPP_MIO_HPP_
#define MIO_CPP_MIO_HPP_

#include "mio/cpp/events.hpp"
#include "mio/cpp/handle.hpp"
#include "mio/cpp/interest.hpp"
#include "mio/cpp/net.hpp"
#include "mio/cpp/pipe.hpp"
#include "mio/cpp/poll.hpp"
#include "mio/cpp/status.hpp"
#include "mio/cpp/unix.hpp"

#endif  // MIO_CPP_MIO_HPP_

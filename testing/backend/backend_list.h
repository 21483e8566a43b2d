// The selector backends a conformance binary tests, as their ops tables
// (mio/sys/selector.h). backend_list.cc defines the list; BUILD.bazel builds
// one binary per backend, each compatible exactly where its backend is.
#ifndef MIO_TESTING_BACKEND_BACKEND_LIST_H_
#define MIO_TESTING_BACKEND_BACKEND_LIST_H_

#include <vector>

#include "mio/sys/selector.h"

namespace mio_test {

// Every backend table this binary tests, in a fixed order.
std::vector<const mio_sys_ops*> CompiledBackends();

}  // namespace mio_test

#endif  // MIO_TESTING_BACKEND_BACKEND_LIST_H_

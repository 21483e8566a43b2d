// The backend of this test binary: BUILD.bazel makes one binary per backend
// and names its ops table in MIO_TEST_BACKEND_OPS.
#include "testing/backend/backend_list.h"

namespace mio_test {

std::vector<const mio_sys_ops*> CompiledBackends() {
  return {&MIO_TEST_BACKEND_OPS};
}

}  // namespace mio_test

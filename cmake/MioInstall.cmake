# Installs what a non-Bazel, non-CMake-source user needs, under the prefix:
#   include/mio/...                       mio/mio.h and the headers it includes
#   include/mio/cpp/*.hpp                 the C++17 wrapper (needs abseil)
#   lib/libmio-c.a (or libmio-c.so.*)     the library
#   lib/pkgconfig/mio-c.pc                pkg-config --cflags --libs mio-c
#   lib/cmake/mio-c/                      find_package(mio-c CONFIG): mio-c::mio-c,
#                                         and mio-c::cpp when abseil is found
include(CMakePackageConfigHelpers)

foreach(_h IN LISTS MIO_PUBLIC_HEADERS)
  get_filename_component(_dir "${_h}" DIRECTORY)
  install(FILES "${_h}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/${_dir}"
    COMPONENT Development)
endforeach()
file(GLOB _mio_cpp_headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/mio/cpp/*.hpp")
install(FILES ${_mio_cpp_headers} DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mio/cpp"
  COMPONENT Development)

install(TARGETS mio-c EXPORT mio-c-targets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Development
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Runtime
    NAMELINK_COMPONENT Development
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime)

set(_mio_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/mio-c")
install(EXPORT mio-c-targets NAMESPACE mio-c:: FILE mio-c-targets.cmake
  DESTINATION "${_mio_cmake_dir}" COMPONENT Development)
# mio-c::cpp is its own export set: its file is included only when the
# consumer's find_package(absl) succeeds (its absl:: targets must exist).
if(TARGET mio-c-cpp)
  install(TARGETS mio-c-cpp EXPORT mio-c-cpp-targets)
  install(EXPORT mio-c-cpp-targets NAMESPACE mio-c:: FILE mio-c-cpp-targets.cmake
    DESTINATION "${_mio_cmake_dir}" COMPONENT Development)
endif()
configure_package_config_file(cmake/mio-c-config.cmake.in
  "${PROJECT_BINARY_DIR}/mio-c-config.cmake" INSTALL_DESTINATION "${_mio_cmake_dir}")
# 0.x: a minor release may break the API, so only the same minor is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/mio-c-config-version.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/mio-c-config.cmake"
  "${PROJECT_BINARY_DIR}/mio-c-config-version.cmake"
  DESTINATION "${_mio_cmake_dir}" COMPONENT Development)

# pkg-config: -pthread always (mio_poll's waker thread safety, io_uring);
# Winsock and ntdll on Windows. Libs.private matters only for --static.
set(MIO_PC_LIBS "-pthread")
if(WIN32)
  set(MIO_PC_LIBS "-lws2_32 -lntdll")
endif()
if(BUILD_SHARED_LIBS)
  set(MIO_PC_LIBS_PRIVATE "${MIO_PC_LIBS}")
  set(MIO_PC_LIBS "")
endif()
file(RELATIVE_PATH MIO_PC_PREFIX_FROM_PCFILEDIR
  "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" MIO_PC_PREFIX_FROM_PCFILEDIR "${MIO_PC_PREFIX_FROM_PCFILEDIR}")
configure_file(cmake/mio-c.pc.in "${PROJECT_BINARY_DIR}/mio-c.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/mio-c.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT Development)

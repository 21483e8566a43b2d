# cmake -DOUT_DIR=... -DREADELF=... -DLIBRARY=... -DHEADERS=a.h;b.h -P MioApiSymbols.cmake
#
# Writes OUT_DIR/mio_api_declared.inc and OUT_DIR/mio_api_exported.inc for
# testing/contract/bad_input_test.cc, as testing/contract/api_symbols.bzl does
# in Bazel: one `"mio_x",` line per function declared on a `MIO_EXTERN ...
# mio_x(` line of HEADERS, and per FUNC symbol LIBRARY defines with GLOBAL
# binding and DEFAULT visibility (readelf -sW), sorted and unique.

function(write_inc path names)
  list(REMOVE_DUPLICATES names)
  list(SORT names)
  set(text "")
  foreach(n IN LISTS names)
    string(APPEND text "\"${n}\",\n")
  endforeach()
  file(WRITE "${path}" "${text}")
endfunction()

set(declared)
foreach(h IN LISTS HEADERS)
  file(STRINGS "${h}" lines REGEX "^MIO_EXTERN .*[ *]mio_[a-z0-9_]*\\(")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "[ *](mio_[a-z0-9_]*)\\(" _ "${line}")
    list(APPEND declared "${CMAKE_MATCH_1}")
  endforeach()
endforeach()
write_inc("${OUT_DIR}/mio_api_declared.inc" "${declared}")

execute_process(COMMAND "${READELF}" -sW "${LIBRARY}"
  OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${READELF} -sW ${LIBRARY} failed (${rc})")
endif()
string(REPLACE ";" "," table "${table}")
string(REPLACE "\n" ";" table "${table}")
set(exported)
foreach(row IN LISTS table)
  string(STRIP "${row}" row)
  string(REGEX REPLACE " +" ";" cols "${row}")
  list(LENGTH cols n)
  if(n LESS 8)
    continue()
  endif()
  list(GET cols 3 type)
  list(GET cols 4 bind)
  list(GET cols 5 vis)
  list(GET cols 6 ndx)
  list(GET cols 7 name)
  if(type STREQUAL "FUNC" AND bind STREQUAL "GLOBAL" AND vis STREQUAL "DEFAULT"
     AND NOT ndx STREQUAL "UND")
    list(APPEND exported "${name}")
  endif()
endforeach()
write_inc("${OUT_DIR}/mio_api_exported.inc" "${exported}")

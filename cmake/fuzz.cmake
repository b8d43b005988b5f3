# Fuzz harnesses (test/fuzz/<name>_fuzzer.cpp, each defining LLVMFuzzerTestOneInput), built two
# ways:
#  * with the tests, by any compiler: kosmo_fuzz_replay_<name>, the harness plus replay_main.cpp,
#    registered as the CTest test FuzzCorpus.<name> over test/fuzz/corpus/<name> and
#    test/fuzz/regressions/<name>. Every ordinary and sanitized (ci/sanitize) test run thereby
#    replays the seeds and every input that ever crashed a harness.
#  * with -DKOSMO_FUZZ=ON and clang: kosmo_fuzz_<name>, the libFuzzer binaries ci/fuzz runs.
#    kosmo_core is then instrumented for coverage and built with ASan+UBSan, as KOSMO_SANITIZE
#    does for the test suite; Lua (Debian's liblua5.4-c++.a) stays uninstrumented.
option(KOSMO_FUZZ "Build the libFuzzer harnesses (clang only)" OFF)

set(KOSMO_FUZZ_HARNESSES
  json_decode lua_json_roundtrip jsonrpc_line_reader sse_parser cassette_load argument_validator
  toml_table_edit http_request_parser)
set(KOSMO_FUZZ_DIR ${CMAKE_SOURCE_DIR}/test/fuzz)

if(KOSMO_BUILD_TESTS)
  foreach(name IN LISTS KOSMO_FUZZ_HARNESSES)
    add_executable(kosmo_fuzz_replay_${name}
      ${KOSMO_FUZZ_DIR}/${name}_fuzzer.cpp ${KOSMO_FUZZ_DIR}/replay_main.cpp)
    target_link_libraries(kosmo_fuzz_replay_${name} PRIVATE kosmo_core)
    add_test(NAME FuzzCorpus.${name}
      COMMAND kosmo_fuzz_replay_${name}
              ${KOSMO_FUZZ_DIR}/corpus/${name} ${KOSMO_FUZZ_DIR}/regressions/${name})
    set_tests_properties(FuzzCorpus.${name} PROPERTIES LABELS fuzz)
  endforeach()
endif()

if(KOSMO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KOSMO_FUZZ=ON needs clang for libFuzzer: CC=clang CXX=clang++ cmake ...")
  endif()
  # * UB stops the run like a crash does, so libFuzzer keeps the input that caused it. Pointer
  #   overflow alone is recoverable: RapidJSON 1.1 commits one in a header, suppressed by name in
  #   test/fuzz/ubsan_suppressions.txt (ci/fuzz runs with halt_on_error=1 for everything else).
  # * -O1, whatever the build type: libFuzzer's usual level, and kosmo_core builds in well under
  #   half the time it takes at -O2, which is what keeps ci/fuzz short. Line tables only
  #   (file:line in every report): full -g nearly doubled the compile time. Assertions stay on, so
  #   RapidJSON's RAPIDJSON_ASSERT reports API misuse too.
  # * clang, unlike GCC, flags every RapidJSON 1.1 member-iterator comparison as ambiguous under
  #   C++20 rewriting rules; the header is Debian's, so that one warning is silenced.
  set(KOSMO_FUZZ_COMPILE_FLAGS -fsanitize=fuzzer-no-link,address,undefined
      -fno-sanitize-recover=undefined -fsanitize-recover=pointer-overflow
      -fno-omit-frame-pointer -gline-tables-only -O1 -UNDEBUG -Wno-ambiguous-reversed-operator)
  target_compile_options(kosmo_core PRIVATE ${KOSMO_FUZZ_COMPILE_FLAGS})
  # Whatever links the instrumented library needs the sanitizer runtimes.
  target_link_options(kosmo_core INTERFACE -fsanitize=address,undefined)
  foreach(name IN LISTS KOSMO_FUZZ_HARNESSES)
    add_executable(kosmo_fuzz_${name} ${KOSMO_FUZZ_DIR}/${name}_fuzzer.cpp)
    target_compile_options(kosmo_fuzz_${name} PRIVATE ${KOSMO_FUZZ_COMPILE_FLAGS})
    target_link_options(kosmo_fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(kosmo_fuzz_${name} PRIVATE kosmo_core)
  endforeach()
endif()

# CLI11 2.1 (Debian's libcli11-dev) defines its eight stock validators (CLI::ExistingFile,
# CLI::Number, CLI::PositiveNumber, ...) as namespace-scope `const` objects, which have internal
# linkage: every translation unit that includes CLI11 (45 of kosmo's) constructs its own eight
# copies at start-up and destroys them at exit, ~5,000 instructions each, ~250,000 of a
# 1.5M-instruction `kosmo integrations:lua --eval 'return 1'` that uses none of them.
#
# So the build includes a copy of CLI11's headers in which those eight are C++17 `inline const`
# variables: one object for the whole program, constructed once. Nothing else changes; kosmo
# reads none of them during static initialisation, so their order does not matter. The copy is
# remade whenever the installed header changes, and the build stops if the header no longer has
# exactly those eight definitions (a CLI11 upgrade), rather than silently dropping the saving.
#
# Sets KOSMO_CLI11_INCLUDE_DIR, to be searched before the system's include directories.

find_path(KOSMO_CLI11_SYSTEM_DIR CLI/Validators.hpp REQUIRED)
set(KOSMO_CLI11_INCLUDE_DIR ${CMAKE_BINARY_DIR}/cli11)

file(GLOB kosmo_cli11_headers ${KOSMO_CLI11_SYSTEM_DIR}/CLI/*.hpp)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${kosmo_cli11_headers})
file(MAKE_DIRECTORY ${KOSMO_CLI11_INCLUDE_DIR}/CLI)
foreach(header ${kosmo_cli11_headers})
  get_filename_component(name ${header} NAME)
  file(READ ${header} text)
  if(name STREQUAL "Validators.hpp")
    set(stock_validator "\nconst (detail::[A-Za-z0-9]+Validator|TypeValidator<double>|Range) ")
    string(REGEX MATCHALL "${stock_validator}" found "${text}")
    list(LENGTH found count)
    if(NOT count EQUAL 8)
      message(FATAL_ERROR "${header}: expected CLI11 2.1's eight namespace-scope validators, "
                          "found ${count}; update cmake/cli11_shared_validators.cmake")
    endif()
    string(REGEX REPLACE "${stock_validator}" "\ninline const \\1 " text "${text}")
  endif()
  # configure_file-like: rewrite only on change, so an unchanged header rebuilds nothing.
  set(copy ${KOSMO_CLI11_INCLUDE_DIR}/CLI/${name})
  set(old "")
  if(EXISTS ${copy})
    file(READ ${copy} old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE ${copy} "${text}")
  endif()
endforeach()

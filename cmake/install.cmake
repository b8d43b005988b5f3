# What `cmake --install` puts under the prefix, and the Debian package `cpack -G DEB` makes of it:
#   bin/kosmo, share/man/man1/kosmo.1, the bash, zsh and fish completions where Debian's shells
#   look for them, and share/kosmo/examples (the README's demo and its cassette).
include(GNUInstallDirs)

# The man page and completions are written by the built kosmo from its own command table, after
# it links, so they can never list a command or option the binary does not have.
set(KOSMO_GENERATED_DOCS ${CMAKE_BINARY_DIR}/kosmo.1 ${CMAKE_BINARY_DIR}/completions/kosmo.bash
    ${CMAKE_BINARY_DIR}/completions/_kosmo ${CMAKE_BINARY_DIR}/completions/kosmo.fish)
add_custom_command(
  OUTPUT ${KOSMO_GENERATED_DOCS}
  COMMAND ${CMAKE_COMMAND} -DKOSMO=$<TARGET_FILE:kosmo> -DOUTPUT_DIR=${CMAKE_BINARY_DIR}
          -P ${CMAKE_SOURCE_DIR}/cmake/generate_docs.cmake
  DEPENDS kosmo ${CMAKE_SOURCE_DIR}/cmake/generate_docs.cmake
  COMMENT "Writing kosmo.1 and the shell completions"
  VERBATIM)
add_custom_target(kosmo_docs ALL DEPENDS ${KOSMO_GENERATED_DOCS})

install(TARGETS kosmo RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_BINARY_DIR}/kosmo.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/completions/kosmo.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kosmo)
install(FILES ${CMAKE_BINARY_DIR}/completions/_kosmo
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_BINARY_DIR}/completions/kosmo.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kosmo/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kosmo)
set(CPACK_PACKAGE_VENDOR "kosmo")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Sandboxed Lua workflows against SaaS integrations and MCP servers")
set(CPACK_PACKAGE_INSTALL_DIRECTORY kosmo)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "kosmo maintainers <kosmo@invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# libcurl is loaded with dlopen on the first request, so it is named here (with the CA
# certificates HTTPS needs), as the Dockerfile's runtime image installs them. The rest is linked
# statically but libc: dpkg-shlibdeps (dpkg-dev) names its version, else Debian 12's is assumed.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4, ca-certificates")
find_program(DPKG_SHLIBDEPS_PROGRAM dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_PROGRAM)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libc6 (>= 2.36)")
endif()
set(CPACK_STRIP_FILES ON)
include(CPack)

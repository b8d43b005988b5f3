# KOSMO_GIT_COMMIT: the commit the sources are at, for `kosmo --version`; "unknown" outside git
# (a release tarball, a Docker context without .git, no git installed).
#
# It is read when CMake configures, so configure must run again when HEAD moves: HEAD and the
# branch it points at are added to CMAKE_CONFIGURE_DEPENDS, and a commit or checkout reconfigures
# on the next build. configure_file rewrites build_commit.cpp only when its text changes, so
# only that one file recompiles (and ccache keys on its new text).
set(KOSMO_GIT_COMMIT unknown)
find_program(GIT_PROGRAM git)
if(GIT_PROGRAM)
  execute_process(COMMAND ${GIT_PROGRAM} rev-parse --short HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE git_result
                  OUTPUT_VARIABLE git_commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(git_result EQUAL 0 AND NOT git_commit STREQUAL "")
    set(KOSMO_GIT_COMMIT ${git_commit})
    execute_process(COMMAND ${GIT_PROGRAM} symbolic-ref -q HEAD WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE git_branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(git_ref HEAD ${git_branch} packed-refs)
      execute_process(COMMAND ${GIT_PROGRAM} rev-parse --path-format=absolute --git-path ${git_ref}
                      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                      OUTPUT_VARIABLE git_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(git_file AND EXISTS ${git_file})
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${git_file})
      endif()
    endforeach()
  endif()
endif()
configure_file(${CMAKE_SOURCE_DIR}/cmake/build_commit.cpp.in ${CMAKE_BINARY_DIR}/build_commit.cpp
               @ONLY)

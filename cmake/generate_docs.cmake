# Writes the man page and the shell completions with the kosmo just built (cmake -P script).
#   -DKOSMO=<binary> -DOUTPUT_DIR=<dir>
# kosmo runs with an empty KOSMO_HOME and HOME, in an empty directory, and without MCP server
# names, so nothing of whoever builds it (their integrations, servers, credentials) reaches the
# installed files: the completions carry only the built-in catalog's names.
set(home ${OUTPUT_DIR}/docs-home)
file(REMOVE_RECURSE ${home})
file(MAKE_DIRECTORY ${home} ${OUTPUT_DIR}/completions)
function(kosmo_write output)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env KOSMO_HOME=${home}/kosmo HOME=${home} ${KOSMO} ${ARGN}
    WORKING_DIRECTORY ${home} OUTPUT_FILE ${output}.tmp RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "kosmo ${ARGN} failed (${result})")
  endif()
  file(RENAME ${output}.tmp ${output})
endfunction()
kosmo_write(${OUTPUT_DIR}/kosmo.1 __man)
kosmo_write(${OUTPUT_DIR}/completions/kosmo.bash completion bash --no-servers)
kosmo_write(${OUTPUT_DIR}/completions/_kosmo completion zsh --no-servers)
kosmo_write(${OUTPUT_DIR}/completions/kosmo.fish completion fish --no-servers)
file(REMOVE_RECURSE ${home})

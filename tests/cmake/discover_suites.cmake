# Run after a test executable is built: lists its tests and writes one ctest test per test suite
# (`--gtest_filter=Suite.*`), so that a suite's SetUpTestSuite — one server for a whole table —
# runs once, not once per test as one process per test would make it.
# Inputs: TEST_EXECUTABLE, TEST_LABEL, CTEST_FILE, TEST_WORKING_DIR.
execute_process(
  COMMAND "${TEST_EXECUTABLE}" --gtest_list_tests
  WORKING_DIRECTORY "${TEST_WORKING_DIR}"
  OUTPUT_VARIABLE listing
  RESULT_VARIABLE result
  TIMEOUT 60)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --gtest_list_tests failed (${result}):\n${listing}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(content "")
foreach(line IN LISTS lines)
  # Suite lines start in column 0 and end with a dot (a typed suite adds "  # TypeParam = …").
  if(line MATCHES "^([^ #][^ ]*)\\.( .*)?$")
    set(suite "${CMAKE_MATCH_1}")
    # gtest's own convention: a DISABLED_ suite runs no test, so it gets no ctest test either.
    if(suite MATCHES "^DISABLED_")
      continue()
    endif()
    string(APPEND content
      "add_test([=[${suite}]=] \"${TEST_EXECUTABLE}\" [=[--gtest_filter=${suite}.*]=])\n"
      "set_tests_properties([=[${suite}]=] PROPERTIES LABELS ${TEST_LABEL} WORKING_DIRECTORY \"${TEST_WORKING_DIR}\")\n")
  endif()
endforeach()
file(WRITE "${CTEST_FILE}" "${content}")

# Crash tests (issue 4): the kill test runs crash_kill_child and SIGKILLs it at random points; the
# power-cut and disk-full tests live in tests/unit/vault (storage_fault_test.cpp). See docs/testing.md.
add_executable(crash_kill_child ${CMAKE_CURRENT_LIST_DIR}/kill_child.cpp)
target_link_libraries(crash_kill_child PRIVATE selfdirect_vault)
add_executable(crash_kill_test ${CMAKE_CURRENT_LIST_DIR}/kill_test.cpp)
target_link_libraries(crash_kill_test PRIVATE selfdirect_vault)
add_test(NAME "crash: SIGKILL at 200 random points loses no saved answer and leaves no partial or duplicated record"
         COMMAND crash_kill_test $<TARGET_FILE:crash_kill_child> 200)
set_tests_properties("crash: SIGKILL at 200 random points loses no saved answer and leaves no partial or duplicated record"
                     PROPERTIES LABELS "crash" TIMEOUT 300)

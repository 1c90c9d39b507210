# The sync chaos test (issue 6): a real device vault and sync client, a fault-injecting proxy and a
# receiver killed and restarted mid-run, against SQLite and against PostgreSQL. Included by
# tests/CMakeLists.txt. SELFDIRECT_CHAOS_RECORDS overrides the 2,000 records (15,000: docs/testing.md).
if(NOT TARGET chaos_device) # tests/bench defines it too (the device->server throughput benchmark)
  add_executable(chaos_device ${CMAKE_CURRENT_LIST_DIR}/chaos_device.cpp)
  target_link_libraries(chaos_device PRIVATE selfdirect_sync CLI11::CLI11)
endif()

if(EXISTS /usr/bin/python3)
  set(chaos_records 2000)
  if(DEFINED ENV{SELFDIRECT_CHAOS_RECORDS})
    set(chaos_records $ENV{SELFDIRECT_CHAOS_RECORDS})
  endif()
  set(chaos_cmd /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/chaos_test.py
      $<TARGET_FILE:selfdirect-sync> $<TARGET_FILE:selfdirect-council> $<TARGET_FILE:chaos_device> --records ${chaos_records})
  set(chaos_sqlite "sync chaos (sqlite): every record reaches the council exactly once through dropped, truncated, duplicated and unanswered requests and server kills")
  add_test(NAME "${chaos_sqlite}" COMMAND ${chaos_cmd})
  set_tests_properties("${chaos_sqlite}" PROPERTIES LABELS "integration;sync;chaos" TIMEOUT 300)
  file(GLOB selfdirect_pg_ctl_chaos /usr/lib/postgresql/*/bin/pg_ctl)
  if(selfdirect_pg_ctl_chaos)
    set(chaos_pg "sync chaos (postgresql): every record reaches the council exactly once through dropped, truncated, duplicated and unanswered requests and server kills")
    add_test(NAME "${chaos_pg}" COMMAND bash ${PROJECT_SOURCE_DIR}/toolchains/pg-test-cluster.sh ${chaos_cmd})
    set_tests_properties("${chaos_pg}" PROPERTIES LABELS "integration;sync;chaos;postgresql" TIMEOUT 300
                         ENVIRONMENT "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/pg/lsan-postgresql.supp:print_suppressions=0")
  endif()
endif()

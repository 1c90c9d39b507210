# The EnvelopeStore contract (tests/pg/store_contract_test.cpp): the same doctest cases against
# SQLite (always, one ctest per case) and PostgreSQL (the whole executable once, inside a throwaway
# cluster from toolchains/pg-test-cluster.sh, when Debian's postgresql server is installed).
# store_hammer puts envelopes from another process (and is the ingest benchmark). Included by
# tests/CMakeLists.txt.
add_executable(store_hammer ${CMAKE_CURRENT_LIST_DIR}/store_hammer.cpp)
target_link_libraries(store_hammer PRIVATE selfdirect_sync)

add_executable(store_contract_tests ${CMAKE_CURRENT_LIST_DIR}/store_contract_test.cpp)
target_link_libraries(store_contract_tests PRIVATE selfdirect_test_main selfdirect_sync)
target_compile_definitions(store_contract_tests PRIVATE SELFDIRECT_STORE_HAMMER="$<TARGET_FILE:store_hammer>")
add_dependencies(store_contract_tests store_hammer)

# The PostgreSQL-only cases (the database going away, a newer schema) mark themselves skipped
# without SELFDIRECT_TEST_PG_URI, so they are not listed here.
doctest_discover_tests(store_contract_tests TEST_PREFIX "store contract (sqlite): " PROPERTIES LABELS sync)

file(GLOB selfdirect_pg_ctl /usr/lib/postgresql/*/bin/pg_ctl)
if(selfdirect_pg_ctl)
  set(pg_cluster ${PROJECT_SOURCE_DIR}/toolchains/pg-test-cluster.sh)
  add_test(NAME "store contract (postgresql): every store contract case passes on a throwaway PostgreSQL cluster"
           COMMAND bash ${pg_cluster} $<TARGET_FILE:store_contract_tests>)
  set_tests_properties("store contract (postgresql): every store contract case passes on a throwaway PostgreSQL cluster"
                       PROPERTIES LABELS "integration;sync;postgresql" TIMEOUT 300
                       ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan-postgresql.supp:print_suppressions=0")
else()
  message(STATUS "PostgreSQL server not installed: the PostgreSQL store contract test is not registered")
endif()

# Scale-out (issue 6): two real selfdirect-sync processes on one PostgreSQL database, the same
# envelopes sent to both at once; envelopes sealed by tests/sync_client/independent_client.py.
if(selfdirect_pg_ctl AND EXISTS /usr/bin/python3)
  add_test(NAME "sync scale-out: two receivers on one PostgreSQL database given the same envelopes at once store each exactly once"
           COMMAND bash ${pg_cluster} /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/scale_out_test.py
                   $<TARGET_FILE:selfdirect-sync> $<TARGET_FILE:selfdirect-council>)
  set_tests_properties("sync scale-out: two receivers on one PostgreSQL database given the same envelopes at once store each exactly once"
                       PROPERTIES LABELS "integration;sync;postgresql" TIMEOUT 300)
endif()

# Integration tests of the council-side executables (selfdirect-sync, selfdirect-council) driven by
# a bash script, with a small helper that plays a device (seed_record). Included by tests/CMakeLists.txt.
add_executable(sync_cli_seed_record ${CMAKE_CURRENT_LIST_DIR}/seed_record.cpp)
target_link_libraries(sync_cli_seed_record PRIVATE selfdirect_sync CLI11::CLI11)

set(sync_cli_script ${CMAKE_CURRENT_LIST_DIR}/sync_cli_test.sh)
set(sync_cli_args $<TARGET_FILE:selfdirect-sync> $<TARGET_FILE:selfdirect-council> $<TARGET_FILE:sync_cli_seed_record>)

add_test(NAME "sync cli: bad arguments and unreadable files exit 2 with a one-line message"
         COMMAND bash ${sync_cli_script} bad-args ${sync_cli_args})
add_test(NAME "sync cli: receipt-keygen, a fresh receiver answering v2 health and refusals, and new restore epochs"
         COMMAND bash ${sync_cli_script} empty-store ${sync_cli_args})
add_test(NAME "sync cli: an enrolled device uploads, a revoked one is refused, and council decrypt reads what was stored"
         COMMAND bash ${sync_cli_script} round-trip ${sync_cli_args})
set_tests_properties(
  "sync cli: bad arguments and unreadable files exit 2 with a one-line message"
  "sync cli: receipt-keygen, a fresh receiver answering v2 health and refusals, and new restore epochs"
  "sync cli: an enrolled device uploads, a revoked one is refused, and council decrypt reads what was stored"
  PROPERTIES LABELS "integration;sync" TIMEOUT 60)

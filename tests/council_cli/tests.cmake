# Integration tests of selfdirect-council's export, pull and verify driven by a Python script, with a
# helper that seals records straight into a store (seed_store). Included by tests/CMakeLists.txt.
add_executable(council_cli_seed ${CMAKE_CURRENT_LIST_DIR}/seed_store.cpp)
target_link_libraries(council_cli_seed PRIVATE selfdirect_sync CLI11::CLI11)

if(Python3_FOUND)
  set(council_cli_script ${CMAKE_CURRENT_LIST_DIR}/council_cli_test.py)
  set(council_cli_args $<TARGET_FILE:selfdirect-council> $<TARGET_FILE:council_cli_seed> ${PROJECT_SOURCE_DIR})
  set(council_cli_tests
      "council cli: export writes the stored records as CSV, JSON, a FHIR Bundle and a CLD CSV|export"
      "council cli: a record the key cannot open is named on stderr, the others are exported and the exit is 1|unopenable"
      "council cli: pull copies a store once, and verify passes on it but fails on a tampered receipt or envelope|pull-verify"
      "council cli: council.sk is wrapped under a passphrase and a wrong passphrase opens nothing|passphrase"
      "council cli: a removable-media bundle is ingested once with receipts and a tampered one is refused|bundle"
      "council cli: a record nested 100000 deep and one with a non-UTF-8 header are quarantined by decrypt and export, which write every good record and exit 1|hostile"
      "council cli: export takes identity from the signed envelope, so two rows with swapped envelopes are refused, not exported under each other's ids|swapped"
      "council cli: decrypt shows record ids, revisions and seqs, and decrypt, export, verify and pull all show kept conflicts|conflicts"
      "council cli: valueDecimal 1.10 exports as 1.10 in JSON, FHIR, CSV and decrypt|decimal"
      "council cli: triage lists a safeguarding record first under the reference the person was given, then carer-urgent, the rest, and records without a summary|triage")
  foreach(entry ${council_cli_tests})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 name)
    list(GET parts 1 scenario)
    add_test(NAME "${name}" COMMAND ${Python3_EXECUTABLE} ${council_cli_script} ${scenario} ${council_cli_args})
    set_tests_properties("${name}" PROPERTIES LABELS "integration;sync" TIMEOUT 120)
  endforeach()
endif()

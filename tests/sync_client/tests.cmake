# The independent sync client (issue 6): Python written from docs/sync-protocol.md alone enrols,
# uploads and verifies receipts against a real selfdirect-sync. Included by tests/CMakeLists.txt.
if(EXISTS /usr/bin/python3)
  set(pyclient_test "sync protocol: an independent Python client written from the document alone enrols, uploads and verifies its receipts")
  add_test(NAME "${pyclient_test}"
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/independent_client_test.sh $<TARGET_FILE:selfdirect-sync> $<TARGET_FILE:selfdirect-council>)
  set_tests_properties("${pyclient_test}" PROPERTIES LABELS "integration;sync" TIMEOUT 120)
endif()

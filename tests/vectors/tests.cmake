# Envelope v1 test vectors: the generator (make_envelope_vectors, run by hand to refresh
# envelope-v1.json) and the independent reader in Python (PyNaCl from Debian's python3-nacl), which
# is written from docs/security.md alone. The C++ check of the same vector is a vault unit test.
# Included by tests/CMakeLists.txt.
add_executable(make_envelope_vectors ${CMAKE_CURRENT_LIST_DIR}/make_envelope_vectors.cpp)
target_link_libraries(make_envelope_vectors PRIVATE selfdirect_vault)

# python3-nacl is installed for Debian's /usr/bin/python3; a pyenv or venv python found first on
# PATH usually lacks it, so prefer the system interpreter. The script fails with a clear message
# if it cannot import nacl.
if(EXISTS /usr/bin/python3)
  set(selfdirect_system_python /usr/bin/python3)
else()
  set(selfdirect_system_python ${Python3_EXECUTABLE})
endif()
add_test(NAME "vectors: the envelope v1 vector verifies and opens with an independent Python (PyNaCl) reader"
         COMMAND ${selfdirect_system_python} ${CMAKE_CURRENT_LIST_DIR}/verify_envelope_v1.py
                 ${CMAKE_CURRENT_LIST_DIR}/envelope-v1.json)
set_tests_properties("vectors: the envelope v1 vector verifies and opens with an independent Python (PyNaCl) reader"
                     PROPERTIES LABELS "integration;vault" TIMEOUT 60)

# Sync protocol v2 vectors: fully deterministic (fixed keys, Ed25519), so a fresh run of the generator
# must equal the committed sync-v2.json byte for byte, and the Python checker (written from
# docs/sync-protocol.md alone) must verify every signed text and signature in it.
add_executable(make_sync_vectors ${CMAKE_CURRENT_LIST_DIR}/make_sync_vectors.cpp)
target_link_libraries(make_sync_vectors PRIVATE selfdirect_sync)
add_test(NAME "vectors: the sync v2 vectors are exactly what the protocol code writes today"
         COMMAND bash -c "\"$1\" | diff -u \"$2\" -" _ $<TARGET_FILE:make_sync_vectors> ${CMAKE_CURRENT_LIST_DIR}/sync-v2.json)
add_test(NAME "vectors: the sync v2 vectors verify with an independent Python (PyNaCl) checker written from the document"
         COMMAND ${selfdirect_system_python} ${CMAKE_CURRENT_LIST_DIR}/verify_sync_v2.py ${CMAKE_CURRENT_LIST_DIR}/sync-v2.json)
set_tests_properties("vectors: the sync v2 vectors are exactly what the protocol code writes today"
                     "vectors: the sync v2 vectors verify with an independent Python (PyNaCl) checker written from the document"
                     PROPERTIES LABELS "integration;sync" TIMEOUT 60)

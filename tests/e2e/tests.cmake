# End-to-end tests: the real app in a real window under an Xvfb each test starts itself, a real
# selfdirect-sync on loopback, real SQLite files. They share one X pointer and the CPU-heavy llvmpipe,
# so they never run in parallel with each other (RESOURCE_LOCK).
if(SELFDIRECT_GUI AND Python3_FOUND)
  foreach(pair
      "skeleton_journey_test.py|e2e: a resident answers, changes an answer and submits, and the council decrypts exactly that one record while no file holds the canary"
      "bad_profile_test.py|e2e: a bad device profile stops the app with the file, line and key named"
      "assessment_journeys_test.py|e2e: a resident completes every page of SAQ-D1 by touch, sees the budget explained, sends, and the person who helps them completes CSAQ-D1, and the council receives exactly those two records")
    string(REPLACE "|" ";" parts "${pair}")
    list(GET parts 0 script)
    list(GET parts 1 name)
    add_test(NAME "${name}"
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/${script} ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
    set_tests_properties("${name}" PROPERTIES LABELS "e2e" RESOURCE_LOCK x11_display TIMEOUT 300)
  endforeach()
endif()

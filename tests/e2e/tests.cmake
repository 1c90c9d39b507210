# End-to-end tests: the real app in a real window under an Xvfb each test starts itself, a real
# selfdirect-sync on loopback, real SQLite files. Each has its own X display (and so its own pointer
# and keyboard focus), so they may run in parallel with each other and with the other tests; every
# step is paced by frames drawn, not by wall time, so a busy CPU only makes them slower.
if(SELFDIRECT_GUI AND Python3_FOUND)
  foreach(pair
      "skeleton_journey_test.py|e2e: a resident answers, changes an answer and submits, and the council decrypts exactly that one record while no file holds the canary"
      "bad_profile_test.py|e2e: a bad device profile stops the app with the file, line and key named"
      "assessment_journeys_test.py|e2e: a resident completes every page of SAQ-D1 by touch, sees the budget explained, sends, and the person who helps them completes CSAQ-D1, and the council receives exactly those two records"
      "keyboard_journeys_test.py|e2e: the same resident and carer journeys completed with the keyboard alone, the focus on the intended control before every key that acts, and the council receives exactly those two records"
      "layout_pseudo_locale_test.py|e2e: in the pseudo-locale at 200 % text every page of SAQ-D1 and CSAQ-D1 has no overlapping or cut-off control and its primary action in reach"
      "bad_catalogue_test.py|e2e: a broken UI catalogue or an unknown language stops the app with the file and line named"
      "contrast_and_targets_test.py|e2e: on every kind of page in the standard and the high-contrast preset, all text measured from the screenshot's pixels contrasts at least 4.5 to 1 with its background and every control a person can tap is at least 44 by 44 px"
      "any_questionnaire_test.py|e2e: a third party's FHIR Questionnaire (the HL7 SDC Cardiology form) goes through the same kiosk journey, attract to check page to send, and the council receives exactly the answers given"
      "idle_wipe_test.py|e2e: the idle warning keeps every answer when answered, clears the screen when not, and then the canary is in no file and nowhere in the app's memory")
    string(REPLACE "|" ";" parts "${pair}")
    list(GET parts 0 script)
    list(GET parts 1 name)
    add_test(NAME "${name}"
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/${script} ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
    set_tests_properties("${name}" PROPERTIES LABELS "e2e" TIMEOUT 300)
  endforeach()
endif()

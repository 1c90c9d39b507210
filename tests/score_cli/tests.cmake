# Integration tests of `selfdirect-council score` on the default forms, RAS tables and the brief's
# worked examples (tests/fixtures), driven by a Python script (standard library only). Included by
# tests/CMakeLists.txt.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(score_cli_script ${CMAKE_CURRENT_LIST_DIR}/score_cli_test.py)
  set(score_cli_tests
      "worked-examples|score cli: Mrs A scores N 39, R 5.5, N_adj 33.5, 368.50 a week and 19162.00 a year, and the sensitivity variants 308.00 and 429.00"
      "carer|score cli: Mr A as carer scores 23, the 500.00 band, with carer eligibility indicated"
      "young-carer|score cli: a carer under 18 gets the young carers' route: indicator 'young carer', no allocation, as the kiosk"
      "eligibility|score cli: Mrs A's eligibility is indicated with outcomes a-g and i, as an indicator not a decision"
      "flags|score cli: safeguarding, advocacy and carer-offer flags name the answers that raise them"
      "no-ras|score cli: without --ras it prints validity, calculated items and flags only, and recomputes the PHQ-9 total"
      "invalid-answers|score cli: invalid answers exit 0 with valid false and each error naming its linkId"
      "unusable-inputs|score cli: unreadable or unusable inputs exit 2 with one line naming the file and the culprit"
      "broken-forms|score cli: broken form definitions exit 2 naming the culprit"
      "safe-at-home|score cli: feeling safe at home only sometimes raises the safeguarding flag, naming 10.3.b"
      "disabled-answers|score cli: an answer left under a disabled group is not counted (11.5, not 18.5) and is reported")
  foreach(entry ${score_cli_tests})
    string(FIND "${entry}" "|" bar)
    string(SUBSTRING "${entry}" 0 ${bar} scenario)
    math(EXPR name_start "${bar} + 1")
    string(SUBSTRING "${entry}" ${name_start} -1 name)
    add_test(NAME "${name}"
             COMMAND ${Python3_EXECUTABLE} ${score_cli_script} ${scenario} $<TARGET_FILE:selfdirect-council>
                     ${PROJECT_SOURCE_DIR})
    set_tests_properties("${name}" PROPERTIES LABELS "integration;score" TIMEOUT 120)
  endforeach()
endif()

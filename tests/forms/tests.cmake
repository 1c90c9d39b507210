# Readability of the assessment forms (issue 5): Flesch-Kincaid over the English and the Easy Read
# wording of SAQ-D1 and CSAQ-D1, computed by Debian's Lingua::EN::Fathom (liblingua-en-fathom-perl).
# The formula, targets and today's figures are in docs/testing.md, "Readability of the forms".
# Included by tests/CMakeLists.txt.
find_program(SELFDIRECT_PERL perl)
if(Python3_FOUND AND SELFDIRECT_PERL)
  execute_process(COMMAND ${SELFDIRECT_PERL} -MLingua::EN::Fathom -e 1 RESULT_VARIABLE fathom_missing
                  OUTPUT_QUIET ERROR_QUIET)
  if(fathom_missing)
    message(WARNING "Lingua::EN::Fathom not found: the readability tests are skipped (apt-get install liblingua-en-fathom-perl)")
  else()
    set(readability ${CMAKE_CURRENT_LIST_DIR}/readability_test.py)
    add_test(NAME "forms: SAQ-D1 and CSAQ-D1 read at age 9 or below, no question above age 12 beyond the five listed, and their Easy Read is plainer still"
             COMMAND ${Python3_EXECUTABLE} ${readability} ${PROJECT_SOURCE_DIR})
    add_test(NAME "forms: the readability check fails on a form with a hard question or without Easy Read wording"
             COMMAND ${Python3_EXECUTABLE} ${readability} ${PROJECT_SOURCE_DIR} --self-test)
    set_tests_properties(
        "forms: SAQ-D1 and CSAQ-D1 read at age 9 or below, no question above age 12 beyond the five listed, and their Easy Read is plainer still"
        "forms: the readability check fails on a form with a hard question or without Easy Read wording"
        PROPERTIES LABELS "forms" TIMEOUT 60)
  endif()
endif()

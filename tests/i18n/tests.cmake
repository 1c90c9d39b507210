# UI string catalogues (issue 5, "Languages"): every tr() string in src/ui and src/app must be in
# assets/i18n/selfdirect.pot and translated (not empty, not fuzzy) in every .po there; and the
# check must be able to fail. Driven by a bash script over GNU gettext's own tools (xgettext,
# msgcmp, msgfmt, msgmerge, msgattrib, msgcomm). Included by tests/CMakeLists.txt.
find_program(SELFDIRECT_MSGCMP msgcmp)
find_program(SELFDIRECT_XGETTEXT xgettext)
if(SELFDIRECT_MSGCMP AND SELFDIRECT_XGETTEXT)
  set(i18n_script ${CMAKE_CURRENT_LIST_DIR}/check_catalogues.sh)
  set(i18n_tests
      "check|i18n: every UI string in the sources is in the template and translated in every catalogue"
      "self-test|i18n: the catalogue check fails on a new, untemplated, fuzzy, untranslated or broken string")
  foreach(entry ${i18n_tests})
    string(FIND "${entry}" "|" bar)
    string(SUBSTRING "${entry}" 0 ${bar} mode)
    math(EXPR name_start "${bar} + 1")
    string(SUBSTRING "${entry}" ${name_start} -1 name)
    add_test(NAME "${name}" COMMAND bash ${i18n_script} ${mode} ${PROJECT_SOURCE_DIR})
    set_tests_properties("${name}" PROPERTIES LABELS "integration;i18n" TIMEOUT 120)
  endforeach()
else()
  message(WARNING "gettext tools (xgettext, msgcmp) not found: the i18n catalogue tests are skipped (apt-get install gettext)")
endif()

# No literal a person reads bypasses the catalogue: a scan of the screens' sources for English
# string literals outside tr()/trc()/tr_noop() (untranslated_literals_test.py, with its allow-list),
# and a self-test that plants such literals in a temporary copy and sees the scan fail.
if(Python3_FOUND)
  foreach(entry
      "check|i18n: every string a person reads in the screens' sources comes from the catalogue, not a bare literal"
      "self-test|i18n: the untranslated-literal scan fails on a bare English literal and accepts tr, trc, ids, log lines and comments")
    string(FIND "${entry}" "|" bar)
    string(SUBSTRING "${entry}" 0 ${bar} mode)
    math(EXPR name_start "${bar} + 1")
    string(SUBSTRING "${entry}" ${name_start} -1 name)
    add_test(NAME "${name}"
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/untranslated_literals_test.py ${mode} ${PROJECT_SOURCE_DIR})
    set_tests_properties("${name}" PROPERTIES LABELS "integration;i18n" TIMEOUT 60)
  endforeach()
endif()

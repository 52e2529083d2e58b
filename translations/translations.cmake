# Translations (issue 8), included from ui/CMakeLists.txt: the .ts files here are compiled by
# lrelease at build time and embedded into looplab_ui as :/i18n/looplab_<lang>.qm.
#
# lupdate is NOT part of the build (it rewrites the .ts files in the source tree): after adding
# or changing tr() strings, run `cmake --build build --target update_translations` and translate
# what it reports (translations/README.md).
set(LOOPLAB_TS_FILES
  ${PROJECT_SOURCE_DIR}/translations/looplab_en.ts
  ${PROJECT_SOURCE_DIR}/translations/looplab_zh_CN.ts)

qt_add_lrelease(looplab_ui
  TS_FILES ${LOOPLAB_TS_FILES}
  OPTIONS -silent
  QM_FILES_OUTPUT_VARIABLE _looplab_qm_files)
qt_add_resources(looplab_ui looplab_translations
  PREFIX /i18n
  BASE ${CMAKE_CURRENT_BINARY_DIR}
  FILES ${_looplab_qm_files})

# Every source folder with user-visible strings. -locations none keeps the .ts files free of line
# numbers, so that branches adding strings in different places merge without conflicts;
# -no-obsolete drops messages whose source text is gone.
find_package(Python3 COMPONENTS Interpreter)
set(_lupdate_sources ${PROJECT_SOURCE_DIR}/ui ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR}/core)
set(_update_commands
  COMMAND Qt6::lupdate -silent -locations none -no-obsolete -no-ui-lines ${_lupdate_sources} -ts ${LOOPLAB_TS_FILES})
if(Python3_FOUND)
  # English is the source language: its translations are the sources (plural forms spelled out).
  list(APPEND _update_commands
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/translations/ts_tool.py fill-english ${PROJECT_SOURCE_DIR}/translations/looplab_en.ts
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/translations/ts_tool.py status ${LOOPLAB_TS_FILES})
endif()
add_custom_target(update_translations ${_update_commands}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "lupdate: collecting tr() strings of ui/, app/ and core/ into translations/*.ts"
  VERBATIM)
# The completeness test runs the same lupdate into a scratch copy.
set(LOOPLAB_LUPDATE_SOURCES ${_lupdate_sources} CACHE INTERNAL "")

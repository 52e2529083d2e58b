# Installing and packaging (issue 13): `make package` builds the `package` preset and runs CPack,
# giving out/looplab_<version>_amd64.deb. The same rules let any build tree produce a .deb
# (tests/packaging checks the one made from the test build).
#
# Layout (relative to the prefix, /usr in the package); the app finds everything relative to its
# own executable (core/engine/app_paths.h), so an extracted package works from any folder:
#   bin/looplab                         the window and the command line
#   lib/looplab/looplab-worker          the process pools' worker
#   share/looplab/scenarios/*.json      built-in scenarios (File → Examples, the default one)
#   share/looplab/python/               the course's Python scripts (when the source tree has them)
#   share/looplab/looplab.schema.json   the scenario format
#   share/applications, share/metainfo, share/icons/hicolor, share/man/man1, share/doc/looplab
# Translations are compiled into the executable (:/i18n), not installed as files.

set(LOOPLAB_HOMEPAGE "https://looplab.example.org" CACHE STRING
    "Homepage in the AppStream metadata; its /screenshot.png is the store screenshot (docs/screenshot.png)")
set(LOOPLAB_RELEASE_DATE "2026-12-06")
# `cpack` and `cmake --install` must not rebuild the whole tree (tests, benchmarks): make package
# builds exactly what is installed, and a test tree is built before its tests run.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(_pkg ${PROJECT_SOURCE_DIR}/packaging)
set(_pkg_out ${PROJECT_BINARY_DIR}/packaging)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(TARGETS looplab RUNTIME DESTINATION bin)
install(TARGETS looplab-worker RUNTIME DESTINATION lib/looplab)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/scenarios DESTINATION share/looplab
        FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/resources/looplab.schema.json DESTINATION share/looplab)
if(EXISTS ${PROJECT_SOURCE_DIR}/resources/python)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/python DESTINATION share/looplab
          PATTERN "__pycache__" EXCLUDE)
endif()

configure_file(${_pkg}/org.looplab.LoopLab.metainfo.xml.in ${_pkg_out}/org.looplab.LoopLab.metainfo.xml @ONLY)
install(FILES ${_pkg}/org.looplab.LoopLab.desktop DESTINATION share/applications)
install(FILES ${_pkg_out}/org.looplab.LoopLab.metainfo.xml DESTINATION share/metainfo)
install(FILES ${_pkg}/looplab.svg DESTINATION share/icons/hicolor/scalable/apps RENAME org.looplab.LoopLab.svg)
install(FILES ${_pkg}/looplab.png DESTINATION share/icons/hicolor/256x256/apps RENAME org.looplab.LoopLab.png)

# The man page is help2man's rendering of `looplab --help` and `--version` (plus looplab.h2m's
# extra sections), so it never disagrees with the program. --help needs no display.
find_program(LOOPLAB_HELP2MAN help2man)
find_program(LOOPLAB_GZIP gzip REQUIRED)
if(LOOPLAB_HELP2MAN)
  add_custom_command(OUTPUT ${_pkg_out}/looplab.1.gz
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 LC_ALL=C.UTF-8
            ${LOOPLAB_HELP2MAN} --no-info --section=1 --name "watch concurrency happen, measured live"
            --include ${_pkg}/looplab.h2m --output ${_pkg_out}/looplab.1 $<TARGET_FILE:looplab>
    COMMAND ${LOOPLAB_GZIP} -9nf ${_pkg_out}/looplab.1
    DEPENDS looplab ${_pkg}/looplab.h2m
    COMMENT "Man page looplab.1 from looplab --help (help2man)" VERBATIM)
  add_custom_target(looplab_manpage ALL DEPENDS ${_pkg_out}/looplab.1.gz)
  install(FILES ${_pkg_out}/looplab.1.gz DESTINATION share/man/man1)
else()
  message(WARNING "help2man not found (Debian: help2man): the package will have no man page")
endif()

add_custom_command(OUTPUT ${_pkg_out}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${_pkg}/changelog ${_pkg_out}/changelog
  COMMAND ${LOOPLAB_GZIP} -9nf ${_pkg_out}/changelog
  DEPENDS ${_pkg}/changelog VERBATIM)
add_custom_target(looplab_changelog ALL DEPENDS ${_pkg_out}/changelog.gz)
install(FILES ${_pkg}/copyright ${_pkg_out}/changelog.gz DESTINATION share/doc/looplab)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME looplab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The LoopLab developers")
set(CPACK_PACKAGE_CONTACT "The LoopLab developers <maintainers@users.noreply.b-seed-c901bc96.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch concurrency happen, measured live")
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first (synopsis) line itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "LoopLab is a classroom tool for a Python concurrency course. Its window runs
 a real concurrency engine (an event loop of coroutines, thread pools, worker
 processes, HTTP traffic on loopback, FAISS vector search) and draws event-loop
 lag, thread and process utilization, GIL hand-offs, queue depths, API load
 and search latency in live charts. The interface is in English and
 Simplified Chinese.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${LOOPLAB_HOMEPAGE})
# Depends from the ELF files' shared libraries (dpkg-shlibdeps), plus what is loaded at run time
# without being linked: Qt's platform plugins (the window) and the OpenBLAS that FAISS dlopens
# through the BLAS alternatives.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libopenblas0-pthread")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk, qt6-translations-l10n, python3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)
include(CPack)

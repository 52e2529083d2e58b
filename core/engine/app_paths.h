#pragma once
// Where LoopLab's own files are, for a build tree and for an installed package alike.
//
//   build tree:  build/bin/looplab, build/bin/looplab-worker, scenarios in the source tree
//   installed:   PREFIX/bin/looplab, PREFIX/lib/looplab/looplab-worker, PREFIX/share/looplab/...
//
// Everything is found relative to the running executable, so an extracted or relocated package
// (dpkg-deb -x into any folder) works as well as /usr.
#include <QString>

namespace looplab::paths {

// The folder of the running executable (works without a QCoreApplication, via /proc/self/exe).
QString executableDir();

// looplab-worker: $LOOPLAB_WORKER, else next to the executable (build tree), else
// ../lib/looplab/ (installed).
QString workerExecutable();

// LoopLab's data folder: ../share/looplab beside an installed executable, else the source tree's
// resources/ (a build tree). Empty when neither exists.
QString dataDir();

// The built-in scenarios (DATA/scenarios) and the course's Python scripts (DATA/python/course).
QString scenariosDir();
QString pythonCourseDir();

// True for a file inside the built-in scenario folder: such a file is opened read-only (Save asks
// for a new name), so editing an example never changes the example itself.
bool isBuiltInScenario(const QString& path);

// True when the data folder is the installed one (not the source tree).
bool runningInstalled();

} // namespace looplab::paths

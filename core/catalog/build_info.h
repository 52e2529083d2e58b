#pragma once
// What this looplab was built from and what it found at run time: shown by `looplab --version`
// and Help → About, so a teacher's bug report says which Qt, QCoro, FAISS and GPU were involved.
#include <QString>
#include <QStringList>

namespace looplab {

struct BuildInfo {
    QString version; // LoopLab's own
    QString qtRuntime; // qVersion()
    QString qtBuilt; // QT_VERSION_STR
    QString qcoro; // from QCoro's CMake package at configure time
    QString faiss; // FAISS_VERSION_* of the headers built against
    bool cudaBuilt = false;
    bool gpuFound = false;
    QString gpuNote; // the device, or why there is none
    QString dataDir; // built-in scenarios and course scripts (engine/app_paths.h)
    bool installed = false;
};

// Probes CUDA (a driver call, a few ms when a GPU is present).
BuildInfo buildInfo();

// "looplab 0.1.0" then one "name: value" line per component; the first line is what help2man and
// scripts read.
QStringList versionLines(const BuildInfo& info);

} // namespace looplab

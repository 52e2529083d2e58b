#pragma once
// What every benchmark needs to report to `make bench` (tests/benchmarks/run_all.sh).
#include <QFile>
#include <QString>
#include <QtGlobal>

#include <cmath>
#include <cstdio>

namespace looplab::bench {

// The Python interpreter the peers run on, the same for every peer: $LOOPLAB_PYTHON if set, else
// Debian's /usr/bin/python3 (the one with python3-faiss and numpy; a `python3` first on PATH, such
// as pyenv's, may lack them), else whatever `python3` PATH gives.
inline QString peerPython()
{
    if (qEnvironmentVariableIsSet("LOOPLAB_PYTHON"))
        return qEnvironmentVariable("LOOPLAB_PYTHON");
    if (QFile::exists(QStringLiteral("/usr/bin/python3")))
        return QStringLiteral("/usr/bin/python3");
    return QStringLiteral("python3");
}

// One row of the `make bench` table:
//   BENCH<TAB>what<TAB>looplab<TAB>peer<TAB>peer name<TAB>unit<TAB>lower|higher
// A figure that could not be measured (<= 0 or not finite) is written "n/a"; run_all.sh then
// leaves the ratio out. `better` says which way is better for both figures.
inline void benchRow(
    const char* what, double looplab, double peer, const QString& peerName, const char* unit, bool lowerIsBetter)
{
    auto fmt = [](double v) {
        if (!std::isfinite(v) || v <= 0)
            return QStringLiteral("n/a");
        return QString::number(v, 'g', v >= 1000 ? 7 : 4);
    };
    std::printf("BENCH\t%s\t%s\t%s\t%s\t%s\t%s\n", what, qPrintable(fmt(looplab)), qPrintable(fmt(peer)),
        qPrintable(peerName), unit, lowerIsBetter ? "lower" : "higher");
    std::fflush(stdout);
}

} // namespace looplab::bench

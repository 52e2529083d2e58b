#include "build_info.h"

#include "engine/app_paths.h"
#include "labs/search/search_backend.h"

#include <faiss/Index.h>

namespace looplab {

BuildInfo buildInfo()
{
    BuildInfo b;
    b.version = QStringLiteral(LOOPLAB_VERSION);
    b.qtRuntime = QString::fromLatin1(qVersion());
    b.qtBuilt = QStringLiteral(QT_VERSION_STR);
    b.qcoro = QStringLiteral(LOOPLAB_QCORO_VERSION);
    b.faiss = QStringLiteral("%1.%2.%3").arg(FAISS_VERSION_MAJOR).arg(FAISS_VERSION_MINOR).arg(FAISS_VERSION_PATCH);
#ifdef LOOPLAB_WITH_CUDA
    b.cudaBuilt = true;
#endif
    QString reason;
    b.gpuFound = labs::search::cudaUsable(&reason);
    b.gpuNote = b.gpuFound ? QStringLiteral("usable") : reason;
    b.dataDir = paths::dataDir();
    b.installed = paths::runningInstalled();
    return b;
}

QStringList versionLines(const BuildInfo& b)
{
    return {
        QStringLiteral("looplab %1").arg(b.version),
        QStringLiteral("Qt: %1 (built against %2)").arg(b.qtRuntime, b.qtBuilt),
        QStringLiteral("QCoro: %1").arg(b.qcoro),
        QStringLiteral("FAISS: %1").arg(b.faiss),
        QStringLiteral("CUDA: %1")
            .arg(b.cudaBuilt ? QStringLiteral("built in") : QStringLiteral("not built in (CPU search only)")),
        QStringLiteral("GPU: %1").arg(
            b.gpuFound ? QStringLiteral("found, %1").arg(b.gpuNote) : QStringLiteral("none (%1)").arg(b.gpuNote)),
        QStringLiteral("Data: %1")
            .arg(b.dataDir.isEmpty() ? QStringLiteral("not found (no built-in scenarios)")
                    : b.installed    ? QStringLiteral("%1 (installed)").arg(b.dataDir)
                                     : QStringLiteral("%1 (source tree)").arg(b.dataDir)),
    };
}

} // namespace looplab

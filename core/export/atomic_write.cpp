#include "exporters.h"

#include <QSaveFile>

namespace looplab::exporting {

QString writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString err = file.errorString();
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, err);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString writeSummaryJson(const engine::RunResult& result, const QString& path)
{
    return writeFileAtomically(path, summaryJson(result));
}

QString writeMetricsCsv(const engine::RunResult& result, const QString& path)
{
    return writeFileAtomically(path, metricsCsv(result));
}

QString writeTraceJson(const engine::RunResult& result, const QString& path)
{
    return writeFileAtomically(path, traceJson(result));
}

} // namespace looplab::exporting

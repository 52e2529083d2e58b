#include "exporters.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace looplab::exporting {

QString writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    // A device or a pipe (/dev/full, /dev/stdout, a FIFO) is written in place: there is nothing
    // to replace atomically, and QSaveFile's rename of its temporary over the target would
    // destroy the node — as root it silently turned /dev/full into a regular file.
    const QFileInfo info(path);
    if (info.exists() && !info.isFile() && !info.isDir()) {
        QFile device(path);
        if (!device.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return QStringLiteral("cannot write %1: %2").arg(path, device.errorString());
        if (device.write(bytes) != bytes.size())
            return QStringLiteral("cannot write %1: %2").arg(path, device.errorString());
        return {};
    }
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

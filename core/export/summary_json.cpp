#include "exporters.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace looplab::exporting {

QByteArray summaryJson(const engine::RunResult& result)
{
    QJsonObject labs;
    for (const auto& lab : result.data.labs) {
        QJsonObject metrics;
        for (auto it = lab.metrics.begin(); it != lab.metrics.end(); ++it)
            metrics.insert(it.key(), std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue());
        labs.insert(lab.id, QJsonObject{{QStringLiteral("kind"), lab.kind}, {QStringLiteral("metrics"), metrics}});
    }
    const auto& sc = result.scenario;
    QJsonObject root{
        {QStringLiteral("looplab"), 1},
        {QStringLiteral("scenario"), sc.title.en.isEmpty() ? sc.sourcePath : sc.title.en},
        {QStringLiteral("source"), sc.sourcePath},
        {QStringLiteral("duration_s"), result.wallS},
        {QStringLiteral("time_scale"), sc.timeScale},
        {QStringLiteral("events_recorded"), double(result.data.eventsRecorded)},
        {QStringLiteral("events_dropped"), double(result.data.eventsDropped)},
        {QStringLiteral("events_collected"), double(result.data.eventsCollected)},
        {QStringLiteral("labs"), labs},
    };
    if (!result.error.isEmpty())
        root.insert(QStringLiteral("error"), result.error);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace looplab::exporting

#pragma once
// Files a run leaves behind. Every writer goes through QSaveFile: a failed export (disk full,
// no permission) leaves no half-written file and returns a message; success returns "".
#include "engine/engine.h"

#include <QByteArray>
#include <QString>

namespace looplab::exporting {

// {"looplab":1, "scenario":"…", "duration_s":…, "labs":{"ID":{"kind":"…","metrics":{…}}}}
QByteArray summaryJson(const engine::RunResult& result);
// time_s plus one column per series ("lab.series [unit]"), one row per sample.
QByteArray metricsCsv(const engine::RunResult& result);
// Chrome trace event format (Perfetto): M names, X spans, C counters, i marks; plus a "looplab"
// object with the scenario and summary so LoopLab can replay it.
QByteArray traceJson(const engine::RunResult& result);

QString writeSummaryJson(const engine::RunResult& result, const QString& path);
QString writeMetricsCsv(const engine::RunResult& result, const QString& path);
QString writeTraceJson(const engine::RunResult& result, const QString& path);

// Atomic write of bytes (QSaveFile); returns an error message or "".
QString writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace looplab::exporting

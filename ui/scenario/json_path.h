#pragma once
// Parameter paths as the loader spells them: "tasks", "server.rate_limit.rate_per_s",
// "script[1].steps[0].io_ms".
#include "scenario/param_spec.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace looplab::ui {

// The value at `path` inside a lab's params; Undefined when absent.
QJsonValue valueAtPath(const QJsonObject& params, const QString& path);
// The spec at `path` (array indices are skipped: "script[1].steps" → script's item field "steps").
const scenario::ParamSpec* specAtPath(const scenario::KindSpec& kind, const QString& path);

} // namespace looplab::ui

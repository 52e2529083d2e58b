#pragma once
// Load, validate, override and save scenario files. Every error names FILE:LINE:COL, the JSON path
// and what was expected, so a teacher can fix a file without reading code.
#include "param_spec.h"
#include "scenario.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <variant>

namespace looplab::scenario {

struct ScenarioError {
    QString file;
    int line = 0; // 1-based
    int column = 0; // 1-based, in characters
    QString path; // JSON path: "labs[0].tasks", or "" for the document
    QString message; // what was expected: "expected an integer between 1 and 100000, got 0"

    // "FILE:LINE:COL: error: PATH: MESSAGE" (PATH omitted when empty)
    QString toString() const;
};

template <typename T> using Result = std::variant<T, ScenarioError>;

constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
constexpr int kMaxDepth = 64;

Result<Scenario> parseScenario(const QByteArray& bytes, const QString& fileName, const KindCatalog& catalog);
Result<Scenario> loadScenarioFile(const QString& path, const KindCatalog& catalog);

// "ID.PARAM=VALUE" (PARAM may be dotted for nested objects: "api.load.rate_per_s=300"); VALUE is
// JSON (numbers, true/false, "strings") or a bare word taken as a string. Same checks as the file.
// Errors name "--set" as the file and the column within the argument.
std::optional<ScenarioError> applyOverride(Scenario& scenario, const QString& assignment, const KindCatalog& catalog);

// Set one parameter by path (as the window's editor does), validating it. Path: "tasks",
// "server.rate_limit.rate_per_s", "stages[1].workers".
std::optional<ScenarioError> setParameter(
    Scenario& scenario, const QString& labId, const QString& path, const QJsonValue& value, const KindCatalog& catalog);

QByteArray serializeScenario(const Scenario& scenario);
// Atomic (QSaveFile). Returns an error message, or empty on success.
QString saveScenarioFile(const Scenario& scenario, const QString& path);

// The JSON Schema (draft 2020-12) generated from the catalog; resources/looplab.schema.json is
// this, and a test checks they agree.
QByteArray generateJsonSchema(const KindCatalog& catalog);

} // namespace looplab::scenario

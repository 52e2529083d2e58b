#pragma once
// The open scenario: its values, where it came from, whether it was edited, and the undo stack
// of parameter edits. Every edit is validated by the loader's setParameter() first, so the
// document never holds a value the loader would reject.
#include "engine/app_paths.h"
#include "scenario/scenario_loader.h"

#include <QObject>
#include <QUndoStack>

#include <optional>

namespace looplab::ui {

class ScenarioDocument : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioDocument(const scenario::KindCatalog& catalog, QObject* parent = nullptr);
    ~ScenarioDocument() override;

    const scenario::Scenario& scenario() const { return m_scenario; }
    const scenario::KindCatalog& catalog() const { return m_catalog; }
    bool hasScenario() const { return m_loaded; }
    QString path() const { return m_path; }
    // Built in (a Qt resource) or never saved: Save must ask where.
    bool needsSaveAs() const { return m_path.isEmpty() || paths::isBuiltInScenario(m_path); }
    bool isModified() const { return !m_undo.isClean(); }
    QUndoStack* undoStack() { return &m_undo; }

    // Replace the scenario (a file was opened). Clears the undo history.
    void reset(const scenario::Scenario& scenario, const QString& path);

    // Undoable edits. Return the loader's error (and change nothing) when the value is invalid.
    std::optional<scenario::ScenarioError> editParameter(
        const QString& labId, const QString& path, const QJsonValue& value);
    std::optional<QString> editTimeScale(double scale);

    // Atomic save; on success the document is clean and (for Save As) has the new path.
    QString saveAs(const QString& path);

    // Used by undo commands: apply without recording.
    void applyParameter(const QString& labId, const QString& path, const QJsonValue& value);
    void applyTimeScale(double scale);

Q_SIGNALS:
    void scenarioReset();
    void parameterChanged(const QString& labId, const QString& path, const QJsonValue& value);
    void timeScaleChanged(double scale);
    void modifiedChanged(bool modified);
    void pathChanged(const QString& path);

private:
    const scenario::KindCatalog& m_catalog;
    scenario::Scenario m_scenario;
    QString m_path;
    bool m_loaded = false;
    QUndoStack m_undo;
};

} // namespace looplab::ui

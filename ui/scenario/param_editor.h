#pragma once
// The parameter editor, generated from the kind catalog's ParamSpecs: spin boxes with ranges and
// units, combo boxes for choices, check boxes, line edits, and groups for nested objects and
// arrays. Tooltips carry the description in the user's language. Every edit goes through the
// document (validated, undoable); the document's changes (undo/redo) flow back into the widgets.
#include "scenario/param_spec.h"

#include <QHash>
#include <QJsonValue>
#include <QWidget>

class QFormLayout;
class QLabel;
class QVBoxLayout;

#include <vector>

namespace looplab::ui {

class ScenarioDocument;

class ParamEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ParamEditor(ScenarioDocument* document, QWidget* parent = nullptr);

    // The editing widget for a parameter ("loop", "tasks"), or nullptr (tests).
    QWidget* editorFor(const QString& labId, const QString& path) const;
    void rebuild();

Q_SIGNALS:
    // An edit was rejected (shown by the pane); the widget was put back.
    void editRejected(const QString& message);

private:
    void addParams(QFormLayout* form, const QString& labId, const QString& prefix,
        const std::vector<scenario::ParamSpec>& specs, const QJsonObject& values);
    QWidget* makeEditor(
        const QString& labId, const QString& path, const scenario::ParamSpec& spec, const QJsonValue& value);
    QWidget* makeArray(
        const QString& labId, const QString& path, const scenario::ParamSpec& spec, const QJsonValue& value);
    void commit(const QString& labId, const QString& path, const QJsonValue& value);
    void showValue(const QString& labId, const QString& path, const QJsonValue& value);
    static QString key(const QString& labId, const QString& path) { return labId + QLatin1Char('\x1f') + path; }
    // Grey out the parameters that do nothing with the lab's current values, saying why.
    void updateUnused();

    ScenarioDocument* m_doc;
    QVBoxLayout* m_layout;
    QHash<QString, QWidget*> m_editors;
    bool m_rebuildPending = false;
    // Top-level parameters with `unusedIf` conditions, and their rows.
    struct MaybeUnused {
        QString labId;
        const scenario::ParamSpec* spec;
        const std::vector<scenario::ParamSpec>* siblings;
        QLabel* label;
        QWidget* editor;
        QFormLayout* form;
    };
    std::vector<MaybeUnused> m_maybeUnused;
    QHash<QString, QLabel*> m_unusedNotes; // per lab: "not used here: …" under its rows
};

QString paramTooltip(const scenario::ParamSpec& spec);

} // namespace looplab::ui

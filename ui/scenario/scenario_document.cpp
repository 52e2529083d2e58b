#include "scenario_document.h"

#include "json_path.h"

#include <QCoreApplication>
#include <QUndoCommand>

namespace looplab::ui {

namespace {

class SetParameterCommand : public QUndoCommand
{
public:
    SetParameterCommand(ScenarioDocument* doc, QString labId, QString path, QJsonValue before, QJsonValue after)
        : m_doc(doc)
        , m_labId(std::move(labId))
        , m_path(std::move(path))
        , m_before(std::move(before))
        , m_after(std::move(after))
    {
        setText(QCoreApplication::translate("ScenarioDocument", "set %1.%2").arg(m_labId, m_path));
    }
    void redo() override { m_doc->applyParameter(m_labId, m_path, m_after); }
    void undo() override { m_doc->applyParameter(m_labId, m_path, m_before); }
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override
    {
        // Stepping a spin box makes many edits of one parameter: one undo step takes them all back.
        const auto* o = static_cast<const SetParameterCommand*>(other);
        if (o->m_labId != m_labId || o->m_path != m_path)
            return false;
        m_after = o->m_after;
        setObsolete(m_after == m_before);
        return true;
    }

private:
    ScenarioDocument* m_doc;
    QString m_labId, m_path;
    QJsonValue m_before, m_after;
};

class SetTimeScaleCommand : public QUndoCommand
{
public:
    SetTimeScaleCommand(ScenarioDocument* doc, double before, double after)
        : m_doc(doc)
        , m_before(before)
        , m_after(after)
    {
        setText(QCoreApplication::translate("ScenarioDocument", "set time scale ×%1").arg(after));
    }
    void redo() override { m_doc->applyTimeScale(m_after); }
    void undo() override { m_doc->applyTimeScale(m_before); }

private:
    ScenarioDocument* m_doc;
    double m_before, m_after;
};

} // namespace

ScenarioDocument::ScenarioDocument(const scenario::KindCatalog& catalog, QObject* parent)
    : QObject(parent)
    , m_catalog(catalog)
{
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

ScenarioDocument::~ScenarioDocument()
{
    // ~QUndoStack emits cleanChanged(): nobody may hear it from a half-destroyed document.
    m_undo.disconnect(this);
}

void ScenarioDocument::reset(const scenario::Scenario& scenario, const QString& path)
{
    const bool wasModified = isModified();
    m_scenario = scenario;
    m_path = path;
    m_loaded = true;
    m_undo.clear();
    m_undo.setClean();
    Q_EMIT pathChanged(m_path);
    Q_EMIT scenarioReset();
    if (wasModified)
        Q_EMIT modifiedChanged(false);
}

std::optional<scenario::ScenarioError> ScenarioDocument::editParameter(
    const QString& labId, const QString& path, const QJsonValue& value)
{
    const scenario::LabConfig* lab = m_scenario.findLab(labId);
    if (!lab) {
        scenario::ScenarioError e;
        e.path = labId;
        e.message = tr("no lab with id %1").arg(labId);
        return e;
    }
    const QJsonValue before = valueAtPath(lab->params, path);
    if (before == value)
        return std::nullopt;
    scenario::Scenario probe = m_scenario;
    if (auto err = scenario::setParameter(probe, labId, path, value, m_catalog))
        return err;
    m_undo.push(new SetParameterCommand(this, labId, path, before, value));
    return std::nullopt;
}

std::optional<QString> ScenarioDocument::editTimeScale(double scale)
{
    if (!(scale > 0) || scale > 1e6)
        return tr("time scale must be above 0 and at most 1000000, got %1").arg(scale);
    if (scale == m_scenario.timeScale)
        return std::nullopt;
    m_undo.push(new SetTimeScaleCommand(this, m_scenario.timeScale, scale));
    return std::nullopt;
}

void ScenarioDocument::applyParameter(const QString& labId, const QString& path, const QJsonValue& value)
{
    if (auto err = scenario::setParameter(m_scenario, labId, path, value, m_catalog)) {
        qWarning().noquote() << "undo/redo could not apply" << err->toString();
        return;
    }
    Q_EMIT parameterChanged(labId, path, value);
}

void ScenarioDocument::applyTimeScale(double scale)
{
    m_scenario.timeScale = scale;
    Q_EMIT timeScaleChanged(scale);
}

QString ScenarioDocument::saveAs(const QString& path)
{
    const QString err = scenario::saveScenarioFile(m_scenario, path);
    if (!err.isEmpty())
        return err;
    m_scenario.sourcePath = path;
    if (m_path != path) {
        m_path = path;
        Q_EMIT pathChanged(m_path);
    }
    m_undo.setClean();
    return {};
}

} // namespace looplab::ui

#include "param_editor.h"

#include "json_path.h"
#include "scenario_document.h"
#include "theme.h"
#include "ui_text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace looplab::ui {

using scenario::ParamSpec;
using scenario::ParamType;

QString paramTooltip(const ParamSpec& spec)
{
    QString tip
        = QStringLiteral("<b>%1</b><br>%2").arg(spec.name.toHtmlEscaped(), localizedDescription(spec).toHtmlEscaped());
    if (spec.type == ParamType::Int || spec.type == ParamType::Double) {
        const QString lo = std::isfinite(spec.min) ? formatNumber(spec.min) : QStringLiteral("−∞");
        const QString hi = std::isfinite(spec.max) ? formatNumber(spec.max) : QStringLiteral("∞");
        tip += QStringLiteral("<br>")
            + QCoreApplication::translate("ParamEditor", "range %1 … %2 %3").arg(lo, hi, localizedUnit(spec.unit));
    }
    if (spec.type == ParamType::Enum)
        tip += QStringLiteral("<br>")
            + QCoreApplication::translate("ParamEditor", "one of: %1").arg(spec.choices.join(QStringLiteral(", ")));
    tip += QStringLiteral("<br><i>%1</i>")
               .arg(spec.live ? QCoreApplication::translate("ParamEditor", "changes live while the lab runs")
                              : QCoreApplication::translate("ParamEditor", "changing it restarts the lab"));
    return tip;
}

ParamEditor::ParamEditor(ScenarioDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_doc(document)
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(6);
    connect(m_doc, &ScenarioDocument::scenarioReset, this, &ParamEditor::rebuild);
    connect(m_doc, &ScenarioDocument::parameterChanged, this, &ParamEditor::showValue);
    rebuild();
}

QWidget* ParamEditor::editorFor(const QString& labId, const QString& path) const
{
    return m_editors.value(key(labId, path));
}

void ParamEditor::rebuild()
{
    m_rebuildPending = false;
    m_editors.clear();
    m_maybeUnused.clear();
    m_unusedNotes.clear();
    while (QLayoutItem* item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (!m_doc->hasScenario())
        return;
    auto* legend = new QLabel(tr("↻ = changing it restarts the lab; the others change live."));
    legend->setWordWrap(true);
    legend->setForegroundRole(QPalette::PlaceholderText);
    m_layout->addWidget(legend);
    for (const auto& lab : m_doc->scenario().labs) {
        const scenario::KindSpec* kind = m_doc->catalog().find(lab.kind);
        auto* box = new QGroupBox(kind ? QStringLiteral("%1 — %2").arg(lab.id, localizedKindTitle(*kind)) : lab.id);
        auto* form = new QFormLayout(box);
        form->setContentsMargins(4, 4, 4, 4);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (kind) {
            addParams(form, lab.id, QString(), kind->params, lab.params);
            auto* note = new QLabel;
            note->setWordWrap(true);
            note->setForegroundRole(QPalette::PlaceholderText);
            form->addRow(note);
            m_unusedNotes.insert(lab.id, note);
        } else
            form->addRow(new QLabel(tr("unknown kind %1").arg(lab.kind)));
        m_layout->addWidget(box);
    }
    m_layout->addStretch(1);
    updateUnused();
}

namespace {
// "script" → "script is set", "executor=processes" → "executor is processes", "gil!=cpython" →
// "gil is not cpython".
QString conditionText(const QString& c)
{
    if (const qsizetype ne = c.indexOf(QLatin1String("!=")); ne > 0)
        return QCoreApplication::translate("ParamEditor", "%1 is not %2").arg(c.left(ne), c.mid(ne + 2));
    if (const qsizetype eq = c.indexOf(QLatin1Char('=')); eq > 0)
        return QCoreApplication::translate("ParamEditor", "%1 is %2").arg(c.left(eq), c.mid(eq + 1));
    return QCoreApplication::translate("ParamEditor", "%1 is set").arg(c);
}
} // namespace

void ParamEditor::updateUnused()
{
    if (!m_doc->hasScenario())
        return;
    // Parameters that do nothing with this lab's values are hidden (a student should not turn
    // knobs that are not connected); one line under the lab's rows names them and says why.
    QHash<QString, QStringList> unusedByLab;
    for (const MaybeUnused& row : m_maybeUnused) {
        QJsonObject values;
        for (const auto& lab : m_doc->scenario().labs)
            if (lab.id == row.labId)
                values = lab.params;
        const QString why = scenario::unusedBecause(*row.spec, *row.siblings, values);
        const QString tip = why.isEmpty()
            ? paramTooltip(*row.spec)
            : QStringLiteral("<b>%1</b><br>")
                    .arg(tr("Does nothing in this scenario: %1.").arg(conditionText(why).toHtmlEscaped()))
                + paramTooltip(*row.spec);
        row.label->setToolTip(tip);
        row.editor->setToolTip(tip);
        row.editor->setEnabled(why.isEmpty());
        row.form->setRowVisible(row.editor, why.isEmpty());
        if (!why.isEmpty())
            unusedByLab[row.labId] << tr("%1 (%2)").arg(row.spec->name, conditionText(why));
    }
    for (auto it = m_unusedNotes.cbegin(); it != m_unusedNotes.cend(); ++it) {
        const QStringList names = unusedByLab.value(it.key());
        it.value()->setText(names.isEmpty()
                ? QString()
                : tr("Not used in this scenario, hidden: %1").arg(names.join(QStringLiteral(", "))));
        it.value()->setVisible(!names.isEmpty());
    }
}

void ParamEditor::addParams(QFormLayout* form, const QString& labId, const QString& prefix,
    const std::vector<ParamSpec>& specs, const QJsonObject& values)
{
    for (const ParamSpec& spec : specs) {
        const QString path = prefix.isEmpty() ? spec.name : prefix + QLatin1Char('.') + spec.name;
        const QJsonValue value = values.value(spec.name);
        auto* label = new QLabel(spec.live ? spec.name : spec.name + QStringLiteral(" ↻"));
        label->setToolTip(paramTooltip(spec));
        if (value.isUndefined()) {
            if (!prefix.contains(QLatin1Char('['))) { // inside array items, absent keys are just absent
                auto* unset = new QLabel(tr("not set"));
                unset->setForegroundRole(QPalette::PlaceholderText);
                unset->setToolTip(paramTooltip(spec));
                form->addRow(label, unset);
            } else {
                delete label;
            }
            continue;
        }
        if (spec.type == ParamType::Object) {
            auto* box = new QGroupBox(spec.name);
            box->setToolTip(paramTooltip(spec));
            auto* sub = new QFormLayout(box);
            sub->setContentsMargins(4, 4, 4, 4);
            sub->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
            addParams(sub, labId, path, spec.fields, value.toObject());
            delete label;
            form->addRow(box);
            continue;
        }
        if (spec.type == ParamType::Array) {
            delete label;
            form->addRow(makeArray(labId, path, spec, value));
            continue;
        }
        QWidget* editor = makeEditor(labId, path, spec, value);
        editor->setToolTip(paramTooltip(spec));
        editor->setMinimumWidth(80); // spin boxes size to their range; the pane may be narrow
        editor->setObjectName(QStringLiteral("param:%1.%2").arg(labId, path));
        m_editors.insert(key(labId, path), editor);
        form->addRow(label, editor);
        if (prefix.isEmpty() && !spec.unusedIf.isEmpty())
            m_maybeUnused.push_back({labId, &spec, &specs, label, editor, form});
    }
}

QWidget* ParamEditor::makeArray(
    const QString& labId, const QString& path, const ParamSpec& spec, const QJsonValue& value)
{
    const QJsonArray items = value.toArray();
    auto* box = new QGroupBox(
        tr("%1 (%n item(s))", "", int(items.size())).arg(spec.name) + (spec.live ? QString() : QStringLiteral(" ↻")));
    box->setToolTip(paramTooltip(spec));
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(2, 4, 2, 4);
    for (int i = 0; i < items.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        auto* itemBox = new QGroupBox(QStringLiteral("[%1]").arg(i));
        auto* form = new QFormLayout(itemBox);
        form->setContentsMargins(4, 4, 4, 4);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        addParams(form, labId, itemPath, spec.fields, items.at(i).toObject());
        v->addWidget(itemBox);
    }
    // Add duplicates the last item (always valid); remove drops the last one.
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add"));
    auto* remove = new QPushButton(tr("Remove last"));
    add->setEnabled(!items.isEmpty() && items.size() < spec.maxItems);
    remove->setEnabled(items.size() > std::max(spec.minItems, 0));
    connect(add, &QPushButton::clicked, this, [this, labId, path, items] {
        QJsonArray next = items;
        next.append(items.last());
        commit(labId, path, next);
    });
    connect(remove, &QPushButton::clicked, this, [this, labId, path, items] {
        QJsonArray next = items;
        next.removeLast();
        commit(labId, path, next);
    });
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_editors.insert(key(labId, path), box);
    return box;
}

QWidget* ParamEditor::makeEditor(
    const QString& labId, const QString& path, const ParamSpec& spec, const QJsonValue& value)
{
    const QString unitSuffix = spec.unit.isEmpty() ? QString() : QLatin1Char(' ') + localizedUnit(spec.unit);
    switch (spec.type) {
    case ParamType::Int: {
        auto* sb = new QSpinBox;
        sb->setRange(int(std::max(spec.min, double(std::numeric_limits<int>::min()))),
            int(std::min(spec.max, double(std::numeric_limits<int>::max()))));
        sb->setSuffix(unitSuffix);
        sb->setValue(value.toInt());
        sb->setKeyboardTracking(false); // typing "100" is one edit, not three restarts
        sb->setAccelerated(true);
        connect(sb, &QSpinBox::valueChanged, this, [this, labId, path](int v) { commit(labId, path, v); });
        return sb;
    }
    case ParamType::Double: {
        auto* sb = new QDoubleSpinBox;
        const double range = (std::isfinite(spec.max) ? spec.max : 1e9) - (std::isfinite(spec.min) ? spec.min : -1e9);
        sb->setDecimals(range <= 10 ? 3 : 2);
        sb->setRange(std::isfinite(spec.min) ? spec.min : -1e12, std::isfinite(spec.max) ? spec.max : 1e12);
        sb->setSuffix(unitSuffix);
        sb->setValue(value.toDouble());
        sb->setKeyboardTracking(false);
        sb->setAccelerated(true);
        sb->setSingleStep(range > 1000 ? 10 : range > 10 ? 1 : 0.1);
        connect(sb, &QDoubleSpinBox::valueChanged, this, [this, labId, path](double v) { commit(labId, path, v); });
        return sb;
    }
    case ParamType::Bool: {
        auto* cb = new QCheckBox;
        cb->setChecked(value.toBool());
        connect(cb, &QCheckBox::toggled, this, [this, labId, path](bool v) { commit(labId, path, v); });
        return cb;
    }
    case ParamType::Enum: {
        auto* combo = new QComboBox;
        combo->addItems(spec.choices);
        combo->setCurrentText(value.toString());
        connect(combo, &QComboBox::currentTextChanged, this,
            [this, labId, path](const QString& v) { commit(labId, path, v); });
        return combo;
    }
    case ParamType::String:
    default: {
        auto* le = new QLineEdit(value.toString());
        connect(le, &QLineEdit::editingFinished, this, [this, labId, path, le] { commit(labId, path, le->text()); });
        return le;
    }
    }
}

void ParamEditor::commit(const QString& labId, const QString& path, const QJsonValue& value)
{
    if (auto err = m_doc->editParameter(labId, path, value)) {
        Q_EMIT editRejected(err->path.isEmpty() ? err->message : QStringLiteral("%1: %2").arg(err->path, err->message));
        // Put the widget back to the document's value.
        if (const auto* lab = m_doc->scenario().findLab(labId))
            showValue(labId, path, valueAtPath(lab->params, path));
    }
}

void ParamEditor::showValue(const QString& labId, const QString& path, const QJsonValue& value)
{
    QWidget* w = editorFor(labId, path);
    if (!w || value.isArray() || value.isObject()) {
        // Structure changed (an array grew or shrank): rebuild once the current event is done —
        // the button that asked for it is still on the stack.
        if (!m_rebuildPending) {
            m_rebuildPending = true;
            QTimer::singleShot(0, this, &ParamEditor::rebuild);
        }
        return;
    }
    const QSignalBlocker block(w);
    if (auto* sb = qobject_cast<QSpinBox*>(w))
        sb->setValue(value.toInt());
    else if (auto* ds = qobject_cast<QDoubleSpinBox*>(w))
        ds->setValue(value.toDouble());
    else if (auto* cb = qobject_cast<QCheckBox*>(w))
        cb->setChecked(value.toBool());
    else if (auto* combo = qobject_cast<QComboBox*>(w))
        combo->setCurrentText(value.toString());
    else if (auto* le = qobject_cast<QLineEdit*>(w))
        le->setText(value.toString());
    updateUnused(); // an edit can make others (un)used: executor → processes greys out gil
}

} // namespace looplab::ui

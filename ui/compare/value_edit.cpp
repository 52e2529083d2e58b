#include "value_edit.h"

#include "scenario/param_editor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

#include <cmath>
#include <limits>

namespace looplab::ui::compare {

using scenario::ParamType;

ValueEdit::ValueEdit(QWidget* parent)
    : QWidget(parent)
{
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
}

void ValueEdit::setSpec(const scenario::ParamSpec* spec, const QJsonValue& value)
{
    delete m_editor;
    m_editor = nullptr;
    m_spec = spec;
    if (!spec)
        return;
    const QString unitSuffix = spec->unit.isEmpty() ? QString() : QLatin1Char(' ') + spec->unit;
    switch (spec->type) {
    case ParamType::Int: {
        auto* sb = new QSpinBox;
        sb->setRange(int(std::max(spec->min, double(std::numeric_limits<int>::min()))),
            int(std::min(spec->max, double(std::numeric_limits<int>::max()))));
        sb->setSuffix(unitSuffix);
        sb->setAccelerated(true);
        m_editor = sb;
        break;
    }
    case ParamType::Double: {
        auto* sb = new QDoubleSpinBox;
        const double range
            = (std::isfinite(spec->max) ? spec->max : 1e9) - (std::isfinite(spec->min) ? spec->min : -1e9);
        sb->setDecimals(range <= 10 ? 3 : 2);
        sb->setRange(std::isfinite(spec->min) ? spec->min : -1e12, std::isfinite(spec->max) ? spec->max : 1e12);
        sb->setSuffix(unitSuffix);
        sb->setSingleStep(range > 1000 ? 10 : range > 10 ? 1 : 0.1);
        sb->setAccelerated(true);
        m_editor = sb;
        break;
    }
    case ParamType::Bool: {
        auto* combo = new QComboBox;
        combo->addItems({QStringLiteral("true"), QStringLiteral("false")});
        m_editor = combo;
        break;
    }
    case ParamType::Enum: {
        auto* combo = new QComboBox;
        combo->addItems(spec->choices);
        m_editor = combo;
        break;
    }
    default:
        m_editor = new QLineEdit;
        break;
    }
    m_editor->setToolTip(paramTooltip(*spec));
    m_editor->setMinimumWidth(120);
    layout()->addWidget(m_editor);
    setValue(value);
}

void ValueEdit::setValue(const QJsonValue& value)
{
    if (auto* sb = qobject_cast<QSpinBox*>(m_editor))
        sb->setValue(value.toInt());
    else if (auto* ds = qobject_cast<QDoubleSpinBox*>(m_editor))
        ds->setValue(value.toDouble());
    else if (auto* combo = qobject_cast<QComboBox*>(m_editor))
        combo->setCurrentText(
            value.isBool() ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false")) : value.toString());
    else if (auto* le = qobject_cast<QLineEdit*>(m_editor))
        le->setText(value.toString());
}

QJsonValue ValueEdit::value() const
{
    if (!m_spec)
        return {};
    if (auto* sb = qobject_cast<QSpinBox*>(m_editor))
        return sb->value();
    if (auto* ds = qobject_cast<QDoubleSpinBox*>(m_editor))
        return ds->value();
    if (auto* combo = qobject_cast<QComboBox*>(m_editor))
        return m_spec->type == ParamType::Bool ? QJsonValue(combo->currentText() == QLatin1String("true"))
                                               : QJsonValue(combo->currentText());
    if (auto* le = qobject_cast<QLineEdit*>(m_editor))
        return le->text();
    return {};
}

} // namespace looplab::ui::compare

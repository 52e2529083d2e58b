#pragma once
// One editable value of a parameter, with the editor its spec calls for (as the parameter
// editor does): a spin box with range and unit, a combo box of choices, true/false, or text.
#include "scenario/param_spec.h"

#include <QJsonValue>
#include <QWidget>

namespace looplab::ui::compare {

class ValueEdit : public QWidget
{
    Q_OBJECT
public:
    explicit ValueEdit(QWidget* parent = nullptr);

    // Replaces the editor; `spec` must outlive this widget (the catalog's).
    void setSpec(const scenario::ParamSpec* spec, const QJsonValue& value);
    void setValue(const QJsonValue& value);
    QJsonValue value() const;
    QWidget* editor() const { return m_editor; }

private:
    const scenario::ParamSpec* m_spec = nullptr;
    QWidget* m_editor = nullptr;
};

} // namespace looplab::ui::compare

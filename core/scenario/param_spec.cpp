#include "param_spec.h"

namespace looplab::scenario {

ParamSpec ParamSpec::integer(
    QString name, int def, double min, double max, QString unit, QString en, QString zh, bool live)
{
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Int;
    p.defaultValue = def;
    p.min = min;
    p.max = max;
    p.unit = std::move(unit);
    p.descriptionEn = std::move(en);
    p.descriptionZh = std::move(zh);
    p.live = live;
    return p;
}

ParamSpec ParamSpec::real(
    QString name, double def, double min, double max, QString unit, QString en, QString zh, bool live)
{
    ParamSpec p = integer(std::move(name), 0, min, max, std::move(unit), std::move(en), std::move(zh), live);
    p.type = ParamType::Double;
    p.defaultValue = def;
    return p;
}

ParamSpec ParamSpec::boolean(QString name, bool def, QString en, QString zh, bool live)
{
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Bool;
    p.defaultValue = def;
    p.descriptionEn = std::move(en);
    p.descriptionZh = std::move(zh);
    p.live = live;
    return p;
}

ParamSpec ParamSpec::choice(QString name, QString def, QStringList choices, QString en, QString zh, bool live)
{
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Enum;
    p.defaultValue = def;
    p.choices = std::move(choices);
    p.descriptionEn = std::move(en);
    p.descriptionZh = std::move(zh);
    p.live = live;
    return p;
}

ParamSpec ParamSpec::text(QString name, QString def, QString en, QString zh)
{
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::String;
    p.defaultValue = def;
    p.descriptionEn = std::move(en);
    p.descriptionZh = std::move(zh);
    return p;
}

ParamSpec ParamSpec::object(QString name, std::vector<ParamSpec> fields, QString en, QString zh, bool optional)
{
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Object;
    p.defaultValue = QJsonValue(QJsonValue::Undefined); // built from the fields' defaults
    p.fields = std::move(fields);
    p.descriptionEn = std::move(en);
    p.descriptionZh = std::move(zh);
    p.optional = optional;
    return p;
}

ParamSpec ParamSpec::array(
    QString name, std::vector<ParamSpec> itemFields, int minItems, int maxItems, QString en, QString zh, bool optional)
{
    ParamSpec p = object(std::move(name), std::move(itemFields), std::move(en), std::move(zh), optional);
    p.type = ParamType::Array;
    p.minItems = minItems;
    p.maxItems = maxItems;
    return p;
}

const ParamSpec* KindSpec::find(const QString& name) const
{
    for (const auto& p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}

QString unusedBecause(const ParamSpec& spec, const std::vector<ParamSpec>& siblings, const QJsonObject& values)
{
    auto valueOf = [&](const QString& name) {
        if (values.contains(name))
            return values.value(name);
        for (const ParamSpec& s : siblings)
            if (s.name == name)
                return s.defaultValue;
        return QJsonValue(QJsonValue::Undefined);
    };
    auto text = [](const QJsonValue& v) {
        return v.isString() ? v.toString()
            : v.isBool()    ? QString::fromLatin1(v.toBool() ? "true" : "false")
                            : QString::number(v.toDouble(), 'g', 12);
    };
    for (const QString& c : spec.unusedIf) {
        const qsizetype ne = c.indexOf(QLatin1String("!="));
        const qsizetype eq = c.indexOf(QLatin1Char('='));
        if (ne > 0) {
            const QJsonValue v = valueOf(c.left(ne));
            if (!v.isUndefined() && text(v) != c.mid(ne + 2))
                return c;
        } else if (eq > 0) {
            const QJsonValue v = valueOf(c.left(eq));
            if (!v.isUndefined() && text(v) == c.mid(eq + 1))
                return c;
        } else if (values.contains(c)) {
            return c;
        }
    }
    return {};
}

} // namespace looplab::scenario

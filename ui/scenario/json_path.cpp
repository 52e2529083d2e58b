#include "json_path.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace looplab::ui {

namespace {
struct Step {
    QString key;
    int index = -1; // >= 0: then take element `index` of the array at `key`
};

std::vector<Step> parsePath(const QString& path)
{
    std::vector<Step> out;
    static const QRegularExpression re(QStringLiteral("^([^\\[\\]]+)((?:\\[\\d+\\])*)$"));
    for (const QString& part : path.split(QLatin1Char('.'))) {
        const auto m = re.match(part);
        if (!m.hasMatch())
            return {};
        out.push_back({m.captured(1), -1});
        const QString idx = m.captured(2);
        static const QRegularExpression ire(QStringLiteral("\\[(\\d+)\\]"));
        for (auto it = ire.globalMatch(idx); it.hasNext();)
            out.push_back({QString(), it.next().captured(1).toInt()});
    }
    return out;
}
} // namespace

QJsonValue valueAtPath(const QJsonObject& params, const QString& path)
{
    const auto steps = parsePath(path);
    if (steps.empty())
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue cur = params;
    for (const Step& s : steps) {
        if (s.index >= 0) {
            if (!cur.isArray() || s.index >= cur.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            cur = cur.toArray().at(s.index);
        } else {
            if (!cur.isObject() || !cur.toObject().contains(s.key))
                return QJsonValue(QJsonValue::Undefined);
            cur = cur.toObject().value(s.key);
        }
    }
    return cur;
}

const scenario::ParamSpec* specAtPath(const scenario::KindSpec& kind, const QString& path)
{
    const auto steps = parsePath(path);
    const std::vector<scenario::ParamSpec>* fields = &kind.params;
    const scenario::ParamSpec* spec = nullptr;
    for (const Step& s : steps) {
        if (s.index >= 0)
            continue; // an array's items have the array's fields
        spec = nullptr;
        for (const auto& f : *fields)
            if (f.name == s.key)
                spec = &f;
        if (!spec)
            return nullptr;
        fields = &spec->fields;
    }
    return spec;
}

} // namespace looplab::ui

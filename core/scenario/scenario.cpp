#include "scenario.h"

#include <QJsonArray>

namespace looplab::scenario {

QString LocalizedText::forLanguage(const QString& lang) const
{
    if (lang.startsWith(QLatin1String("zh")) && !zh.isEmpty())
        return zh;
    return en.isEmpty() ? zh : en;
}

const LabConfig* Scenario::findLab(const QString& id) const
{
    for (const auto& lab : labs)
        if (lab.id == id)
            return &lab;
    return nullptr;
}

LabConfig* Scenario::findLab(const QString& id)
{
    for (auto& lab : labs)
        if (lab.id == id)
            return &lab;
    return nullptr;
}

static QJsonObject textToJson(const LocalizedText& t)
{
    QJsonObject o;
    if (!t.en.isEmpty())
        o.insert(QStringLiteral("en"), t.en);
    if (!t.zh.isEmpty())
        o.insert(QStringLiteral("zh"), t.zh);
    return o;
}

QJsonObject Scenario::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("looplab"), version);
    if (!title.isEmpty())
        o.insert(QStringLiteral("title"), textToJson(title));
    if (!notes.isEmpty())
        o.insert(QStringLiteral("notes"), textToJson(notes));
    o.insert(QStringLiteral("duration_s"), durationS);
    o.insert(QStringLiteral("time_scale"), timeScale);
    o.insert(QStringLiteral("seed"), seed);
    QJsonArray arr;
    for (const auto& lab : labs) {
        QJsonObject l = lab.params;
        l.insert(QStringLiteral("id"), lab.id);
        l.insert(QStringLiteral("kind"), lab.kind);
        arr.append(l);
    }
    o.insert(QStringLiteral("labs"), arr);
    return o;
}

} // namespace looplab::scenario

#pragma once
// Scenario values: what a file says, validated, with every default filled in.
#include <QJsonObject>
#include <QString>

#include <initializer_list>
#include <utility>
#include <vector>

namespace looplab::scenario {

constexpr int kFormatVersion = 1;

struct LocalizedText {
    QString en;
    QString zh;
    // "zh*" locales get Chinese (falling back to English), everything else English.
    QString forLanguage(const QString& lang) const;
    bool isEmpty() const { return en.isEmpty() && zh.isEmpty(); }
};

struct LabConfig {
    QString id;
    QString kind;
    QJsonObject params; // validated; defaults filled in; excludes "id" and "kind"

    int intParam(const QString& name) const { return params.value(name).toInt(); }
    double realParam(const QString& name) const { return params.value(name).toDouble(); }
    bool boolParam(const QString& name) const { return params.value(name).toBool(); }
    QString textParam(const QString& name) const { return params.value(name).toString(); }
    QJsonObject objectParam(const QString& name) const { return params.value(name).toObject(); }
};

// A choice parameter's names and the enum values they stand for, read in one line
// (`pick<Mode>(lab.textParam("mode"), {{"threads", Mode::Threads}, …})`) and named back.
template <typename E> using Choices = std::initializer_list<std::pair<const char*, E>>;

// The value's enum; the table's first entry for a name it lacks (the loader only lets the
// declared choices through).
template <typename E> E pick(const QString& value, Choices<E> table)
{
    for (const auto& [name, e] : table)
        if (value == QLatin1String(name))
            return e;
    return table.begin()->second;
}

template <typename E> const char* nameOf(E value, Choices<E> table)
{
    for (const auto& [name, e] : table)
        if (e == value)
            return name;
    return "?";
}

struct Scenario {
    int version = kFormatVersion;
    LocalizedText title;
    LocalizedText notes;
    double durationS = 10;
    double timeScale = 1;
    qint64 seed = 1;
    std::vector<LabConfig> labs;
    QString sourcePath; // where it was loaded from (empty for built-ins made in code)

    const LabConfig* findLab(const QString& id) const;
    LabConfig* findLab(const QString& id);
    QJsonObject toJson() const;
};

} // namespace looplab::scenario

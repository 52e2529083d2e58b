#pragma once
// The public contract of a lab kind: its parameters with types, ranges, defaults, units and
// bilingual descriptions. The loader validates against it, the JSON Schema in resources/ is
// generated from it, and the window builds its parameter editor from it.
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace looplab::scenario {

enum class ParamType { Int, Double, Bool, Enum, String, Object, Array };

struct ParamSpec {
    QString name;
    ParamType type = ParamType::Double;
    QJsonValue defaultValue; // Undefined: the parameter is required (or optional when `optional`)
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    QStringList choices; // Enum
    QString unit; // "ms", "tasks", "1/s"
    QString descriptionEn;
    QString descriptionZh;
    bool live = false; // can change while running without a restart
    bool optional = false; // may be absent with no default (e.g. `script`)
    std::vector<ParamSpec> fields; // Object: its keys; Array: the keys of each item (items are objects)
    int minItems = 0;
    int maxItems = 1024;
    // When this parameter does nothing, given its siblings: "script" (that one is present),
    // "executor=processes", "gil!=cpython" (compared with the sibling's value or default). Any
    // one that holds makes it unused; the parameter editor greys it out and says which.
    QStringList unusedIf;

    // Builders, so spec tables read as tables.
    static ParamSpec integer(
        QString name, int def, double min, double max, QString unit, QString en, QString zh, bool live = false);
    static ParamSpec real(
        QString name, double def, double min, double max, QString unit, QString en, QString zh, bool live = false);
    static ParamSpec boolean(QString name, bool def, QString en, QString zh, bool live = false);
    static ParamSpec choice(QString name, QString def, QStringList choices, QString en, QString zh, bool live = false);
    static ParamSpec text(QString name, QString def, QString en, QString zh);
    static ParamSpec object(QString name, std::vector<ParamSpec> fields, QString en, QString zh, bool optional = false);
    static ParamSpec array(QString name, std::vector<ParamSpec> itemFields, int minItems, int maxItems, QString en,
        QString zh, bool optional = false);
    ParamSpec& withOptional()
    {
        optional = true;
        defaultValue = QJsonValue(QJsonValue::Undefined);
        return *this;
    }
    ParamSpec& unusedWhen(QStringList conditions)
    {
        unusedIf = std::move(conditions);
        return *this;
    }
};

// The first condition of `spec.unusedIf` that holds for a lab whose parameters are `values`
// (siblings absent from `values` take their defaults from `siblings`), or an empty string when the
// parameter is used. The condition as written: "script", "executor=processes", "gil!=cpython".
QString unusedBecause(const ParamSpec& spec, const std::vector<ParamSpec>& siblings, const QJsonObject& values);

struct KindSpec {
    QString kind; // "event_loop"
    QString titleEn, titleZh;
    std::vector<ParamSpec> params;
    const ParamSpec* find(const QString& name) const;
};

// Everything the loader needs to know about lab kinds; provided by core/catalog.
class KindCatalog
{
public:
    virtual ~KindCatalog() = default;
    virtual const KindSpec* find(const QString& kind) const = 0;
    virtual QStringList kinds() const = 0;
};

} // namespace looplab::scenario

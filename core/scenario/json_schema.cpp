// The JSON Schema (draft 2020-12) of the scenario format, generated from the same specs the
// loader checks against, so that editors (VS Code: "$schema" or json.schemas) complete and
// check parameter names, ranges and units as the loader does. What a schema cannot say (lab
// ids unique across labs) is said in descriptions.
#include "scenario_format.h"
#include "scenario_loader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace looplab::scenario {

namespace {

bool isRequired(const ParamSpec& p)
{
    if (!p.defaultValue.isUndefined() || p.optional)
        return false;
    if (p.type == ParamType::Object)
        return false; // an absent object is filled with its fields' defaults
    if (p.type == ParamType::Array && p.minItems == 0)
        return false; // an absent array is empty
    return true;
}

QJsonObject objectSchema(const std::vector<ParamSpec>& fields, const QStringList& alsoAllowed = {});

QJsonObject paramSchema(const ParamSpec& p)
{
    QJsonObject s;
    switch (p.type) {
    case ParamType::Int:
        s.insert(QStringLiteral("type"), QStringLiteral("integer"));
        break;
    case ParamType::Double:
        s.insert(QStringLiteral("type"), QStringLiteral("number"));
        break;
    case ParamType::Bool:
        s.insert(QStringLiteral("type"), QStringLiteral("boolean"));
        break;
    case ParamType::Enum:
        s.insert(QStringLiteral("type"), QStringLiteral("string"));
        s.insert(QStringLiteral("enum"), QJsonArray::fromStringList(p.choices));
        break;
    case ParamType::String:
        s.insert(QStringLiteral("type"), QStringLiteral("string"));
        break;
    case ParamType::Object:
        s = objectSchema(p.fields);
        break;
    case ParamType::Array:
        s.insert(QStringLiteral("type"), QStringLiteral("array"));
        s.insert(QStringLiteral("minItems"), p.minItems);
        s.insert(QStringLiteral("maxItems"), p.maxItems);
        s.insert(QStringLiteral("items"), objectSchema(p.fields));
        break;
    }
    if (p.type == ParamType::Int || p.type == ParamType::Double) {
        if (std::isfinite(p.min))
            s.insert(QStringLiteral("minimum"), p.min);
        if (std::isfinite(p.max))
            s.insert(QStringLiteral("maximum"), p.max);
    }
    if (!p.defaultValue.isUndefined())
        s.insert(QStringLiteral("default"), p.defaultValue);
    if (!p.descriptionEn.isEmpty())
        s.insert(QStringLiteral("description"), p.descriptionEn);
    if (!p.descriptionZh.isEmpty())
        s.insert(QStringLiteral("x-description-zh"), p.descriptionZh);
    if (!p.unit.isEmpty())
        s.insert(QStringLiteral("x-unit"), p.unit);
    s.insert(QStringLiteral("x-live"), p.live);
    return s;
}

QJsonObject objectSchema(const std::vector<ParamSpec>& fields, const QStringList& alsoAllowed)
{
    QJsonObject properties;
    for (const auto& name : alsoAllowed)
        properties.insert(name, true);
    QJsonArray required;
    for (const auto& f : fields) {
        properties.insert(f.name, paramSchema(f));
        if (isRequired(f))
            required.append(f.name);
    }
    QJsonObject s;
    s.insert(QStringLiteral("type"), QStringLiteral("object"));
    s.insert(QStringLiteral("properties"), properties);
    s.insert(QStringLiteral("additionalProperties"), false);
    if (!required.isEmpty())
        s.insert(QStringLiteral("required"), required);
    return s;
}

QJsonObject textSchema()
{
    QJsonObject string{{QStringLiteral("type"), QStringLiteral("string")}};
    QJsonObject s;
    s.insert(QStringLiteral("type"), QStringLiteral("object"));
    s.insert(QStringLiteral("properties"), QJsonObject{{QStringLiteral("en"), string}, {QStringLiteral("zh"), string}});
    s.insert(QStringLiteral("additionalProperties"), false);
    s.insert(QStringLiteral("description"), QStringLiteral("The same text in English (en) and Chinese (zh)."));
    return s;
}

} // namespace

QByteArray generateJsonSchema(const KindCatalog& catalog)
{
    QJsonObject defs;
    defs.insert(QStringLiteral("text"), textSchema());

    // A lab: id and kind, then the parameters of that kind, picked by if/then on "kind".
    QJsonArray byKind;
    const QStringList kinds = catalog.kinds();
    for (const auto& kind : kinds) {
        const KindSpec* spec = catalog.find(kind);
        if (!spec)
            continue;
        QJsonObject kindSchema = objectSchema(spec->params, {QStringLiteral("id"), QStringLiteral("kind")});
        if (!spec->titleEn.isEmpty())
            kindSchema.insert(QStringLiteral("title"), spec->titleEn);
        if (!spec->titleZh.isEmpty())
            kindSchema.insert(QStringLiteral("x-title-zh"), spec->titleZh);
        const QString name = QStringLiteral("kind_") + kind;
        defs.insert(name, kindSchema);
        QJsonObject condition{{QStringLiteral("properties"),
                                  QJsonObject{{QStringLiteral("kind"), QJsonObject{{QStringLiteral("const"), kind}}}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("kind")}}};
        byKind.append(QJsonObject{{QStringLiteral("if"), condition},
            {QStringLiteral("then"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/") + name}}}});
    }
    QJsonObject lab;
    lab.insert(QStringLiteral("type"), QStringLiteral("object"));
    lab.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("id"), QStringLiteral("kind")});
    lab.insert(QStringLiteral("properties"),
        QJsonObject{
            {QStringLiteral("id"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("pattern"), QString::fromLatin1(format::labIdPattern())},
                    {QStringLiteral("description"),
                        QStringLiteral(
                            "Names the lab in --set ID.PARAM=VALUE and in summary.json; unique within the file.")},
                    {QStringLiteral("x-description-zh"),
                        QStringLiteral("实验的名字，用于 --set ID.PARAM=VALUE 和 summary.json；在文件内唯一。")}}},
            {QStringLiteral("kind"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("enum"), QJsonArray::fromStringList(kinds)},
                    {QStringLiteral("description"), QStringLiteral("Which experiment this lab runs.")},
                    {QStringLiteral("x-description-zh"), QStringLiteral("这个实验运行哪一种实验。")}}}});
    lab.insert(QStringLiteral("allOf"), byKind);
    defs.insert(QStringLiteral("lab"), lab);

    QJsonObject properties;
    properties.insert(QStringLiteral("looplab"),
        QJsonObject{{QStringLiteral("const"), kFormatVersion},
            {QStringLiteral("description"), QStringLiteral("The version of the scenario format.")},
            {QStringLiteral("x-description-zh"), QStringLiteral("场景文件格式的版本。")}});
    properties.insert(QStringLiteral("title"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/text")}});
    properties.insert(QStringLiteral("notes"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/text")}});
    for (const auto& s : format::topLevelSettings())
        properties.insert(s.name, paramSchema(s));
    properties.insert(QStringLiteral("labs"),
        QJsonObject{{QStringLiteral("type"), QStringLiteral("array")}, {QStringLiteral("minItems"), format::kMinLabs},
            {QStringLiteral("maxItems"), format::kMaxLabs},
            {QStringLiteral("items"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/lab")}}}});

    QJsonObject schema;
    schema.insert(QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
    schema.insert(QStringLiteral("$id"), QStringLiteral("https://looplab.invalid/looplab.schema.json"));
    schema.insert(QStringLiteral("title"), QStringLiteral("LoopLab scenario"));
    schema.insert(QStringLiteral("description"),
        QStringLiteral(
            "A LoopLab scenario file (generated from the lab catalog by looplab_dump_schema; do not edit by hand)."));
    schema.insert(QStringLiteral("type"), QStringLiteral("object"));
    schema.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("looplab"), QStringLiteral("labs")});
    schema.insert(QStringLiteral("properties"), properties);
    schema.insert(QStringLiteral("additionalProperties"), false);
    schema.insert(QStringLiteral("$defs"), defs);
    return QJsonDocument(schema).toJson(QJsonDocument::Indented);
}

} // namespace looplab::scenario

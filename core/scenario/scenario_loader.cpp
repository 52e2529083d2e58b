#include "scenario_loader.h"

#include "json_reader.h"
#include "scenario_format.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace looplab::scenario {

QString ScenarioError::toString() const
{
    // gcc's shape, so editors and terminals make it clickable: FILE:LINE:COL: error: …
    QString where = file;
    if (line > 0)
        where += (where.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(line) + u':'
            + QString::number(column);
    QString out = where.isEmpty() ? QStringLiteral("error: ") : where + QStringLiteral(": error: ");
    if (!path.isEmpty())
        out += path + QStringLiteral(": ");
    return out + message;
}

namespace {

const QString kLooplab = QStringLiteral("looplab");
const QString kTitle = QStringLiteral("title");
const QString kNotes = QStringLiteral("notes");
const QString kLabs = QStringLiteral("labs");
const QString kId = QStringLiteral("id");
const QString kKind = QStringLiteral("kind");

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[size_t(j)] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int up = row[size_t(j)];
            row[size_t(j)]
                = std::min({row[size_t(j)] + 1, row[size_t(j) - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[size_t(b.size())];
}

// ` (did you mean "tasks"?)` or `; expected one of: a, b, c`
QString suggest(const QString& word, const QStringList& known)
{
    QString best;
    int bestDistance = 3;
    for (const auto& k : known) {
        const int d = editDistance(word.toLower(), k);
        if (d < bestDistance && d < k.size()) {
            best = k;
            bestDistance = d;
        }
    }
    if (!best.isEmpty())
        return QStringLiteral(" (did you mean \"%1\"?)").arg(best);
    if (known.isEmpty())
        return QStringLiteral("; nothing else is allowed here");
    return QStringLiteral("; expected one of: ") + known.join(QStringLiteral(", "));
}

// User text in a message: quoted, escaped (a "\n" in a key must not break the one-line
// message), shortened when long.
QString quotedText(const QString& s)
{
    return describeJsonValue(QJsonValue(s));
}

bool isIntegral(const QJsonValue& v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && d == std::trunc(d);
}

QString rangeText(const ParamSpec& spec)
{
    const bool lo = std::isfinite(spec.min);
    const bool hi = std::isfinite(spec.max);
    if (lo && hi)
        return QStringLiteral(" between %1 and %2").arg(formatJsonNumber(spec.min), formatJsonNumber(spec.max));
    if (lo)
        return QStringLiteral(" >= %1").arg(formatJsonNumber(spec.min));
    if (hi)
        return QStringLiteral(" <= %1").arg(formatJsonNumber(spec.max));
    return {};
}

QString quoted(const QStringList& words)
{
    QStringList q;
    for (const auto& w : words)
        q << u'"' + w + u'"';
    return q.join(QStringLiteral(", "));
}

QString expectation(const ParamSpec& spec)
{
    switch (spec.type) {
    case ParamType::Int:
        return QStringLiteral("expected an integer") + rangeText(spec);
    case ParamType::Double:
        return QStringLiteral("expected a number") + rangeText(spec);
    case ParamType::Bool:
        return QStringLiteral("expected true or false");
    case ParamType::Enum:
        return QStringLiteral("expected one of ") + quoted(spec.choices);
    case ParamType::String:
        return QStringLiteral("expected a string");
    case ParamType::Object:
        return QStringLiteral("expected an object");
    case ParamType::Array:
        return QStringLiteral("expected an array");
    }
    return {};
}

QStringList fieldNames(const std::vector<ParamSpec>& fields, const QStringList& reserved = {})
{
    QStringList names = reserved;
    for (const auto& f : fields)
        names << f.name;
    return names;
}

// A JSON path built only when an error needs it: checking a 4 MB file must not build a string
// per value. Keys and bases are borrowed (spec names, document keys), so they outlive the chain.
struct PathRef {
    const PathRef* parent = nullptr;
    const QString* base = nullptr; // the root of a chain: a whole path text
    const QString* key = nullptr;
    qsizetype index = -1;

    static PathRef root(const QString& text) { return {nullptr, &text, nullptr, -1}; }
    PathRef child(const QString& k) const { return {this, nullptr, &k, -1}; }
    PathRef item(qsizetype i) const { return {this, nullptr, nullptr, i}; }
    QString text() const
    {
        const QString p = parent ? parent->text() : base ? *base : QString();
        if (key)
            return jsonPathAppend(p, *key);
        if (index >= 0)
            return jsonPathAppend(p, index);
        return p;
    }
};

// Where errors point. In a file, at the node; for --set, at a column of the argument; for the
// editor's setParameter, nowhere (the window shows the message beside the field).
struct Positions {
    enum Mode { File, SetArgument, None } mode = File;
    int columnOffset = 0; // SetArgument: added to the value's columns
    int fallbackColumn = 1; // SetArgument: where the value starts
};

class Validator
{
public:
    Validator(QString file, Positions positions)
        : m_file(std::move(file))
        , m_positions(positions)
    { }

    std::optional<ScenarioError> error;

    bool fail(JsonPosition at, const QString& path, const QString& message)
    {
        if (!error)
            error = ScenarioError{m_file, at.line, at.column, path, message};
        return false;
    }
    bool fail(JsonPosition at, const PathRef& path, const QString& message) { return fail(at, path.text(), message); }

    JsonPosition map(JsonPosition p) const
    {
        switch (m_positions.mode) {
        case Positions::File:
            return p;
        case Positions::SetArgument:
            return {1, p.isValid() && p.line == 1 ? p.column + m_positions.columnOffset : m_positions.fallbackColumn};
        case Positions::None:
            break;
        }
        return {};
    }
    JsonPosition at(const JsonNode* node, const JsonNode* anchor = nullptr) const
    {
        if (node)
            return map(node->position);
        if (anchor)
            return map(anchor->position);
        return map({});
    }
    JsonPosition keyAt(const JsonNode* node) const
    {
        return node && node->keyPosition.isValid() ? map(node->keyPosition) : at(node);
    }

    // One value against its spec; `out` is the value with defaults filled in and numbers
    // normalised (integers as integers, reals as doubles). `anchor` locates errors when `node`
    // is null (a default being filled in, or a value given without positions).
    bool check(const ParamSpec& spec, const QJsonValue& v, const JsonNode* node, const JsonNode* anchor,
        const PathRef& path, QJsonValue& out)
    {
        auto wrong = [&] {
            return fail(at(node, anchor), path, expectation(spec) + QStringLiteral(", got ") + describeJsonValue(v));
        };
        switch (spec.type) {
        case ParamType::Int: {
            if (!isIntegral(v))
                return wrong();
            const double d = v.toDouble();
            if (d < spec.min || d > spec.max)
                return wrong();
            out = QJsonValue(qint64(d));
            return true;
        }
        case ParamType::Double: {
            if (!v.isDouble())
                return wrong();
            const double d = v.toDouble();
            if (!std::isfinite(d) || d < spec.min || d > spec.max)
                return wrong();
            out = QJsonValue(d);
            return true;
        }
        case ParamType::Bool:
            if (!v.isBool())
                return wrong();
            out = v;
            return true;
        case ParamType::Enum:
            if (!v.isString() || !spec.choices.contains(v.toString()))
                return wrong();
            out = v;
            return true;
        case ParamType::String:
            if (!v.isString())
                return wrong();
            out = v;
            return true;
        case ParamType::Object: {
            if (!v.isObject())
                return wrong();
            QJsonObject filled;
            if (!checkFields(spec.fields, v.toObject(), node, node ? node : anchor, path, {}, filled))
                return false;
            out = filled;
            return true;
        }
        case ParamType::Array: {
            if (!v.isArray())
                return wrong();
            const QJsonArray items = v.toArray();
            if (items.size() < spec.minItems || items.size() > spec.maxItems) {
                const QString range = spec.minItems == spec.maxItems ? QString::number(spec.minItems)
                    : spec.minItems > 0 ? QStringLiteral("between %1 and %2").arg(spec.minItems).arg(spec.maxItems)
                                        : QStringLiteral("at most %1").arg(spec.maxItems);
                return fail(
                    at(node, anchor), path, QStringLiteral("expected %1 items, got %2").arg(range).arg(items.size()));
            }
            QJsonArray filled;
            for (qsizetype i = 0; i < items.size(); ++i) {
                const JsonNode* itemNode = node ? node->item(i) : nullptr;
                const PathRef itemPath = path.item(i);
                if (!items.at(i).isObject())
                    return fail(at(itemNode, anchor), itemPath,
                        QStringLiteral("expected an object, got ") + describeJsonValue(items.at(i)));
                QJsonObject item;
                if (!checkFields(spec.fields, items.at(i).toObject(), itemNode, itemNode ? itemNode : anchor, itemPath,
                        {}, item))
                    return false;
                filled.append(item);
            }
            out = filled;
            return true;
        }
        }
        return wrong();
    }

    // The members of an object against a list of fields: unknown keys are errors (at the key),
    // members are checked in document order, then absent fields get their defaults.
    // `reserved` keys (a lab's id and kind) are the caller's business.
    bool checkFields(const std::vector<ParamSpec>& fields, const QJsonObject& in, const JsonNode* node,
        const JsonNode* anchor, const PathRef& path, const QStringList& reserved, QJsonObject& out)
    {
        const qsizetype count = node ? qsizetype(node->children.size()) : in.size();
        const QStringList keys = node ? QStringList() : in.keys();
        for (qsizetype i = 0; i < count; ++i) {
            const JsonNode* child = node ? &node->children[size_t(i)] : nullptr;
            const QString& key = child ? child->key : keys.at(i);
            if (reserved.contains(key))
                continue;
            const auto spec
                = std::find_if(fields.begin(), fields.end(), [&](const ParamSpec& f) { return f.name == key; });
            if (spec == fields.end())
                return fail(child ? keyAt(child) : at(node, anchor), path.child(key),
                    QStringLiteral("unknown key ") + quotedText(key) + suggest(key, fieldNames(fields, reserved)));
            QJsonValue value;
            if (!check(*spec, in.value(key), child, anchor, path.child(key), value))
                return false;
            out.insert(key, value);
        }
        for (const auto& spec : fields) {
            if (out.contains(spec.name))
                continue;
            QJsonValue value;
            bool present = true;
            if (!defaultFor(spec, node ? node : anchor, path, value, &present))
                return false;
            if (present)
                out.insert(spec.name, value);
        }
        return true;
    }

    // What an absent field becomes: its default; an object of its fields' defaults; an empty
    // array where none is allowed; nothing when optional; otherwise a "missing" error at the
    // enclosing object.
    bool defaultFor(
        const ParamSpec& spec, const JsonNode* enclosing, const PathRef& enclosingPath, QJsonValue& out, bool* present)
    {
        const PathRef path = enclosingPath.child(spec.name);
        if (!spec.defaultValue.isUndefined())
            return check(spec, spec.defaultValue, nullptr, enclosing, path, out);
        if (spec.optional) {
            *present = false;
            return true;
        }
        if (spec.type == ParamType::Object)
            return check(spec, QJsonObject(), nullptr, enclosing, path, out);
        if (spec.type == ParamType::Array && spec.minItems == 0) {
            out = QJsonArray();
            return true;
        }
        return fail(at(enclosing), enclosingPath, QStringLiteral("missing required key \"%1\"").arg(spec.name));
    }

private:
    QString m_file;
    Positions m_positions;
};

// ---- the document -------------------------------------------------------------------------

bool checkText(Validator& v, const QJsonValue& value, const JsonNode* node, const QString& path, LocalizedText& out)
{
    if (!value.isObject())
        return v.fail(v.at(node), path,
            QStringLiteral("expected an object {\"en\": \"…\", \"zh\": \"…\"}, got ") + describeJsonValue(value));
    const QJsonObject o = value.toObject();
    for (const auto& child : node->children) {
        const QString childPath = jsonPathAppend(path, child.key);
        if (child.key != QLatin1String("en") && child.key != QLatin1String("zh"))
            return v.fail(v.keyAt(&child), childPath,
                QStringLiteral("unknown key ") + quotedText(child.key)
                    + suggest(child.key, {QStringLiteral("en"), QStringLiteral("zh")}));
        const QJsonValue s = o.value(child.key);
        if (!s.isString())
            return v.fail(v.at(&child), childPath, QStringLiteral("expected a string, got ") + describeJsonValue(s));
        (child.key == QLatin1String("en") ? out.en : out.zh) = s.toString();
    }
    return true;
}

bool checkLab(Validator& v, const KindCatalog& catalog, const QJsonValue& value, const JsonNode* node,
    const QString& path, QHash<QString, QString>& idsSeen, LabConfig& out)
{
    if (!value.isObject())
        return v.fail(v.at(node), path,
            QStringLiteral("expected an object with \"id\" and \"kind\", got ") + describeJsonValue(value));
    const QJsonObject o = value.toObject();

    const JsonNode* idNode = node->member(kId);
    if (!idNode)
        return v.fail(v.at(node), path, QStringLiteral("missing required key \"id\""));
    const QJsonValue id = o.value(kId);
    const QString idPath = jsonPathAppend(path, kId);
    if (!id.isString() || !format::isLabId(id.toString()))
        return v.fail(v.at(idNode), idPath,
            QStringLiteral("expected an identifier (a lowercase letter, then lowercase letters, digits or '_'), got ")
                + describeJsonValue(id));
    if (idsSeen.contains(id.toString()))
        return v.fail(v.at(idNode), idPath,
            QStringLiteral("duplicate lab id \"%1\" (%2 has it already)")
                .arg(id.toString(), idsSeen.value(id.toString())));
    idsSeen.insert(id.toString(), path);

    const JsonNode* kindNode = node->member(kKind);
    if (!kindNode)
        return v.fail(v.at(node), path, QStringLiteral("missing required key \"kind\""));
    const QJsonValue kind = o.value(kKind);
    const QString kindPath = jsonPathAppend(path, kKind);
    const QStringList kinds = catalog.kinds();
    if (!kind.isString())
        return v.fail(v.at(kindNode), kindPath,
            QStringLiteral("expected one of ") + quoted(kinds) + QStringLiteral(", got ") + describeJsonValue(kind));
    const KindSpec* spec = catalog.find(kind.toString());
    if (!spec)
        return v.fail(v.at(kindNode), kindPath,
            QStringLiteral("unknown kind ") + quotedText(kind.toString()) + suggest(kind.toString(), kinds));

    out.id = id.toString();
    out.kind = spec->kind;
    return v.checkFields(spec->params, o, node, node, PathRef::root(path), {kId, kKind}, out.params);
}

std::optional<ScenarioError> checkDocument(
    const ParsedJson& doc, const QString& fileName, const KindCatalog& catalog, Scenario& out)
{
    Validator v(fileName, {});
    const JsonNode* root = &doc.root;
    if (!doc.value.isObject()) {
        v.fail(v.at(root), QString(),
            QStringLiteral("expected a JSON object with \"looplab\": 1 at the top level, got ")
                + describeJsonValue(doc.value));
        return v.error;
    }
    const QJsonObject o = doc.value.toObject();

    // The version first: a newer file may well have keys this build does not know.
    const JsonNode* versionNode = root->member(kLooplab);
    if (!versionNode) {
        v.fail(v.at(root), QString(),
            QStringLiteral("missing required key \"looplab\" (the format version: \"looplab\": %1)")
                .arg(kFormatVersion));
        return v.error;
    }
    const QJsonValue version = o.value(kLooplab);
    if (isIntegral(version) && version.toDouble() > kFormatVersion) {
        v.fail(v.at(versionNode), kLooplab,
            QStringLiteral("this file needs LoopLab format %1, this build reads %2")
                .arg(formatJsonNumber(version.toDouble()))
                .arg(kFormatVersion));
        return v.error;
    }
    if (!isIntegral(version) || version.toDouble() != kFormatVersion) {
        v.fail(v.at(versionNode), kLooplab,
            QStringLiteral("expected %1 (the format version), got %2")
                .arg(kFormatVersion)
                .arg(describeJsonValue(version)));
        return v.error;
    }
    out.version = kFormatVersion;

    const auto& settings = format::topLevelSettings();
    QHash<QString, QString> idsSeen;
    QJsonObject settingValues;
    bool sawLabs = false;
    for (const auto& child : root->children) {
        const QString& key = child.key;
        const QJsonValue value = o.value(key);
        if (key == kLooplab)
            continue;
        if (key == kTitle || key == kNotes) {
            if (!checkText(v, value, &child, key, key == kTitle ? out.title : out.notes))
                return v.error;
            continue;
        }
        if (key == kLabs) {
            sawLabs = true;
            if (!value.isArray()) {
                v.fail(v.at(&child), key, QStringLiteral("expected an array of labs, got ") + describeJsonValue(value));
                return v.error;
            }
            const QJsonArray labs = value.toArray();
            if (labs.size() < format::kMinLabs || labs.size() > format::kMaxLabs) {
                v.fail(v.at(&child), key,
                    QStringLiteral("expected between %1 and %2 labs, got %3")
                        .arg(format::kMinLabs)
                        .arg(format::kMaxLabs)
                        .arg(labs.size()));
                return v.error;
            }
            for (qsizetype i = 0; i < labs.size(); ++i) {
                LabConfig lab;
                if (!checkLab(v, catalog, labs.at(i), child.item(i), jsonPathAppend(key, i), idsSeen, lab))
                    return v.error;
                out.labs.push_back(std::move(lab));
            }
            continue;
        }
        const auto setting
            = std::find_if(settings.begin(), settings.end(), [&](const ParamSpec& s) { return s.name == key; });
        if (setting == settings.end()) {
            QStringList known{kLooplab, kTitle, kNotes};
            for (const auto& s : settings)
                known << s.name;
            known << kLabs;
            v.fail(v.keyAt(&child), jsonPathAppend(QString(), key),
                QStringLiteral("unknown key ") + quotedText(key) + suggest(key, known));
            return v.error;
        }
        QJsonValue checked;
        if (!v.check(*setting, value, &child, root, PathRef::root(key), checked))
            return v.error;
        settingValues.insert(key, checked);
    }
    if (!sawLabs) {
        v.fail(v.at(root), QString(), QStringLiteral("missing required key \"labs\""));
        return v.error;
    }
    for (const auto& s : settings) {
        bool present = true;
        QJsonValue value;
        if (!settingValues.contains(s.name) && v.defaultFor(s, root, PathRef::root(QString()), value, &present)
            && present)
            settingValues.insert(s.name, value);
    }
    const QJsonObject filled = settingValues;
    out.durationS = filled.value(QStringLiteral("duration_s")).toDouble();
    out.timeScale = filled.value(QStringLiteral("time_scale")).toDouble();
    out.seed = qint64(filled.value(QStringLiteral("seed")).toDouble());
    return std::nullopt;
}

QString tooLarge(qint64 size)
{
    return QStringLiteral("the file is too large (%1 bytes; the limit is %2 bytes)").arg(size).arg(kMaxFileBytes);
}

// ---- --set and the editor -----------------------------------------------------------------

// Navigates `steps` in `lab`'s spec, sets `value` there, re-checks the lab. Errors point into
// the --set argument when `positions` says so (`stepColumns` are where the steps start).
std::optional<ScenarioError> setInLab(LabConfig& lab, const KindSpec& kind, const std::vector<JsonPathStep>& steps,
    QJsonValue value, const JsonNode* valueNode, const QString& file, Positions positions, int pathColumn,
    const QString* bareText)
{
    Validator v(file, positions);
    auto stepError = [&](size_t i, const QString& path, const QString& message) {
        JsonPosition at;
        if (positions.mode == Positions::SetArgument)
            at = {1, pathColumn + steps[i].offset};
        ScenarioError e{file, at.line, at.column, path, message};
        return std::optional<ScenarioError>(e);
    };

    // Walk the spec and the current values along the path.
    QString path = lab.id;
    const ParamSpec* spec = nullptr; // the spec of the step walked last
    std::vector<std::unique_ptr<ParamSpec>> itemSpecs; // array items, seen as object specs
    QJsonValue current = lab.params;
    for (size_t i = 0; i < steps.size(); ++i) {
        const JsonPathStep& step = steps[i];
        if (step.isIndex()) {
            if (!spec || spec->type != ParamType::Array)
                return stepError(i, path, QStringLiteral("is not an array; [%1] cannot be used here").arg(step.index));
            const QJsonArray items = current.toArray();
            path = jsonPathAppend(path, step.index);
            if (step.index >= items.size())
                return stepError(i, path,
                    QStringLiteral("index %1 is out of range (there are %2 items)").arg(step.index).arg(items.size()));
            current = items.at(step.index);
            itemSpecs.push_back(std::make_unique<ParamSpec>(
                ParamSpec::object(spec->name, spec->fields, spec->descriptionEn, spec->descriptionZh)));
            spec = itemSpecs.back().get();
            continue;
        }
        const std::vector<ParamSpec>* fields = &kind.params;
        if (spec) {
            if (spec->type == ParamType::Array)
                return stepError(i, path,
                    QStringLiteral("is an array; give an item's index, as in ")
                        + jsonPathAppend(jsonPathAppend(path, qsizetype(0)), step.key));
            if (spec->type != ParamType::Object)
                return stepError(i, path, QStringLiteral("is not an object; it has no ") + quotedText(step.key));
            fields = &spec->fields;
        }
        const QString stepPath = jsonPathAppend(path, step.key);
        if (i == 0 && (step.key == kId || step.key == kKind))
            return stepError(i, stepPath, QStringLiteral("a lab's id and kind cannot be changed here; edit the file"));
        const auto found
            = std::find_if(fields->begin(), fields->end(), [&](const ParamSpec& f) { return f.name == step.key; });
        if (found == fields->end())
            return stepError(i, stepPath,
                QStringLiteral("unknown key ") + quotedText(step.key) + suggest(step.key, fieldNames(*fields)));
        spec = &*found;
        path = stepPath;
        current = current.toObject().value(step.key);
    }

    // `--set d.label=true` or `d.label=1` means the text, for a text parameter.
    if (bareText && (spec->type == ParamType::String || spec->type == ParamType::Enum) && !value.isString()) {
        value = QJsonValue(*bareText);
        valueNode = nullptr;
    }
    QJsonValue checked;
    if (!v.check(*spec, value, valueNode, nullptr, PathRef::root(path), checked))
        return v.error;

    // Rebuild the params with the new value (absent optional objects on the way are created),
    // then re-check the whole lab so that defaults and required keys hold again.
    std::function<QJsonValue(const QJsonValue&, size_t)> put = [&](const QJsonValue& at, size_t i) -> QJsonValue {
        if (i == steps.size())
            return checked;
        if (steps[i].isIndex()) {
            QJsonArray a = at.toArray();
            a.replace(steps[i].index, put(a.at(steps[i].index), i + 1));
            return a;
        }
        QJsonObject o = at.toObject();
        o.insert(steps[i].key, put(o.value(steps[i].key), i + 1));
        return o;
    };
    const QJsonObject params = put(lab.params, 0).toObject();
    Validator whole(
        file, positions.mode == Positions::SetArgument ? Positions{Positions::SetArgument, 0, pathColumn} : positions);
    QJsonObject refilled;
    if (!whole.checkFields(kind.params, params, nullptr, nullptr, PathRef::root(lab.id), {}, refilled))
        return whole.error;
    lab.params = refilled;
    return std::nullopt;
}

std::optional<ScenarioError> setParameterAt(Scenario& scenario, const QString& labId, const QString& pathText,
    const QJsonValue& value, const JsonNode* valueNode, const KindCatalog& catalog, const QString& file,
    Positions positions, int labColumn, int pathColumn, const QString* bareText = nullptr)
{
    auto where = [&](int column) { return positions.mode == Positions::SetArgument ? column : 0; };
    auto error = [&](int column, const QString& path, const QString& message) {
        const int c = where(column);
        return std::optional<ScenarioError>(ScenarioError{file, c > 0 ? 1 : 0, c, path, message});
    };
    LabConfig* lab = scenario.findLab(labId);
    if (!lab) {
        QStringList ids;
        for (const auto& l : scenario.labs)
            ids << l.id;
        return error(labColumn, {}, QStringLiteral("unknown lab id ") + quotedText(labId) + suggest(labId, ids));
    }
    const KindSpec* kind = catalog.find(lab->kind);
    if (!kind)
        return error(labColumn, labId, QStringLiteral("unknown kind ") + quotedText(lab->kind));
    std::vector<JsonPathStep> steps;
    int bad = 0;
    if (pathText.isEmpty() || !splitJsonPath(pathText, steps, &bad) || steps.front().isIndex())
        return error(pathColumn + bad, labId,
            QStringLiteral("expected a parameter name like tasks, load.rate_per_s or stages[1].workers, got ")
                + quotedText(pathText));
    return setInLab(*lab, *kind, steps, value, valueNode, file, positions, pathColumn, bareText);
}

// ---- writing ------------------------------------------------------------------------------

// A JSON string, UTF-8 kept as is (Chinese stays readable), only what JSON requires escaped.
void writeStringUtf8(QByteArray& out, const QString& s)
{
    out += '"';
    qsizetype i = 0;
    while (i < s.size()) {
        qsizetype j = i;
        while (j < s.size() && s[j].unicode() >= 0x20 && s[j] != u'"' && s[j] != u'\\')
            ++j;
        out += QStringView(s).mid(i, j - i).toUtf8(); // whole runs, so surrogate pairs stay together
        if (j < s.size()) {
            const char16_t c = s[j].unicode();
            switch (c) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case u'\n':
                out += "\\n";
                break;
            case u'\r':
                out += "\\r";
                break;
            case u'\t':
                out += "\\t";
                break;
            case u'\b':
                out += "\\b";
                break;
            case u'\f':
                out += "\\f";
                break;
            default:
                out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0')).toLatin1();
            }
            ++j;
        }
        i = j;
    }
    out += '"';
}

QByteArray numberText(const QJsonValue& v)
{
    const QVariant var = v.toVariant();
    if (var.typeId() == QMetaType::LongLong)
        return QByteArray::number(var.toLongLong());
    return formatJsonNumber(v.toDouble()).toLatin1();
}

void writeValue(QByteArray& out, const QJsonValue& v, int indent);

void writeMembers(QByteArray& out, const std::vector<std::pair<QString, QJsonValue>>& members, int indent)
{
    if (members.empty()) {
        out += "{}";
        return;
    }
    const QByteArray pad(indent + 2, ' ');
    out += "{\n";
    for (size_t i = 0; i < members.size(); ++i) {
        out += pad;
        writeStringUtf8(out, members[i].first);
        out += ": ";
        writeValue(out, members[i].second, indent + 2);
        out += i + 1 < members.size() ? ",\n" : "\n";
    }
    out += QByteArray(indent, ' ') + '}';
}

void writeValue(QByteArray& out, const QJsonValue& v, int indent)
{
    switch (v.type()) {
    case QJsonValue::Null:
        out += "null";
        return;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    case QJsonValue::Double:
        out += numberText(v);
        return;
    case QJsonValue::String:
        writeStringUtf8(out, v.toString());
        return;
    case QJsonValue::Object: {
        std::vector<std::pair<QString, QJsonValue>> members;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            members.emplace_back(it.key(), it.value());
        writeMembers(out, members, indent);
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        const bool scalars
            = std::all_of(a.begin(), a.end(), [](const QJsonValue& x) { return !x.isObject() && !x.isArray(); });
        if (a.isEmpty()) {
            out += "[]";
        } else if (scalars) {
            out += '[';
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (i)
                    out += ", ";
                writeValue(out, a.at(i), indent);
            }
            out += ']';
        } else {
            const QByteArray pad(indent + 2, ' ');
            out += "[\n";
            for (qsizetype i = 0; i < a.size(); ++i) {
                out += pad;
                writeValue(out, a.at(i), indent + 2);
                out += i + 1 < a.size() ? ",\n" : "\n";
            }
            out += QByteArray(indent, ' ') + ']';
        }
        return;
    }
    case QJsonValue::Undefined:
        out += "null";
        return;
    }
}

QJsonObject textObject(const LocalizedText& t)
{
    QJsonObject o;
    if (!t.en.isEmpty())
        o.insert(QStringLiteral("en"), t.en);
    if (!t.zh.isEmpty())
        o.insert(QStringLiteral("zh"), t.zh);
    return o;
}

} // namespace

// ---- public API ---------------------------------------------------------------------------

Result<Scenario> parseScenario(const QByteArray& bytes, const QString& fileName, const KindCatalog& catalog)
{
    if (bytes.size() > kMaxFileBytes)
        return ScenarioError{fileName, 0, 0, {}, tooLarge(bytes.size())};
    auto parsed = readJson(bytes, JsonReadOptions{kMaxDepth, true});
    if (auto* syntax = std::get_if<JsonSyntaxError>(&parsed))
        return ScenarioError{fileName, syntax->position.line, syntax->position.column, syntax->path, syntax->message};
    Scenario scenario;
    if (auto err = checkDocument(std::get<ParsedJson>(parsed), fileName, catalog, scenario))
        return *err;
    return scenario;
}

Result<Scenario> loadScenarioFile(const QString& path, const KindCatalog& catalog)
{
    const QFileInfo info(path);
    if (!info.exists())
        return ScenarioError{path, 0, 0, {}, QStringLiteral("cannot open the file: it does not exist")};
    if (info.isDir())
        return ScenarioError{path, 0, 0, {}, QStringLiteral("cannot open the file: it is a directory")};
    // The size is checked before reading, and the read is bounded too (a FIFO or /dev/zero
    // reports size 0).
    if (info.size() > kMaxFileBytes)
        return ScenarioError{path, 0, 0, {}, tooLarge(info.size())};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ScenarioError{path, 0, 0, {}, QStringLiteral("cannot open the file: ") + file.errorString()};
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes)
        return ScenarioError{
            path, 0, 0, {}, QStringLiteral("the file is too large (more than %1 bytes)").arg(kMaxFileBytes)};
    auto result = parseScenario(bytes, path, catalog);
    if (auto* scenario = std::get_if<Scenario>(&result))
        scenario->sourcePath = path;
    return result;
}

std::optional<ScenarioError> applyOverride(Scenario& scenario, const QString& assignment, const KindCatalog& catalog)
{
    const QString file = QStringLiteral("--set");
    auto error = [&](int column, const QString& path, const QString& message) {
        return std::optional<ScenarioError>(ScenarioError{file, 1, column, path, message});
    };
    const qsizetype eq = assignment.indexOf(u'=');
    if (eq < 0)
        return error(1, {},
            QStringLiteral("expected ID.PARAM=VALUE (for example loop.tasks=100), got ") + quotedText(assignment));
    const QString target = assignment.left(eq);
    const QString valueText = assignment.mid(eq + 1);
    const int valueColumn = int(eq) + 2;
    if (target.isEmpty())
        return error(1, {}, QStringLiteral("expected ID.PARAM before '='"));

    // VALUE: JSON, or a bare word taken as a string (cpu_mode=to_thread).
    QJsonValue value(valueText);
    std::optional<ParsedJson> parsed;
    {
        auto r = readJson(valueText.toUtf8(), JsonReadOptions{kMaxDepth, false});
        const QString trimmed = valueText.trimmed();
        if (auto* ok = std::get_if<ParsedJson>(&r)) {
            parsed = std::move(*ok);
            value = parsed->value;
        } else if (trimmed.startsWith(u'{') || trimmed.startsWith(u'[') || trimmed.startsWith(u'"')) {
            const auto& e = std::get<JsonSyntaxError>(r);
            const int column = e.position.line == 1 ? valueColumn - 1 + e.position.column : valueColumn;
            return error(column, target, e.message);
        }
    }
    const Positions positions{Positions::SetArgument, valueColumn - 1, valueColumn};
    const JsonNode* valueNode = parsed ? &parsed->root : nullptr;

    const qsizetype dot = target.indexOf(u'.');
    const qsizetype bracket = target.indexOf(u'[');
    if (dot < 0 && bracket < 0) {
        // A top-level setting: duration_s=5, time_scale=2, seed=3.
        const auto& settings = format::topLevelSettings();
        const auto setting
            = std::find_if(settings.begin(), settings.end(), [&](const ParamSpec& s) { return s.name == target; });
        if (setting == settings.end()) {
            QStringList known;
            for (const auto& s : settings)
                known << s.name;
            return error(1, {},
                QStringLiteral("expected ID.PARAM=VALUE or one of %1, got ").arg(known.join(QStringLiteral(", ")))
                    + quotedText(target));
        }
        Validator v(file, positions);
        QJsonValue checked;
        if (!v.check(*setting, value, valueNode, nullptr, PathRef::root(target), checked))
            return v.error;
        if (target == QLatin1String("duration_s"))
            scenario.durationS = checked.toDouble();
        else if (target == QLatin1String("time_scale"))
            scenario.timeScale = checked.toDouble();
        else
            scenario.seed = qint64(checked.toDouble());
        return std::nullopt;
    }
    if (bracket >= 0 && (dot < 0 || bracket < dot))
        return error(int(bracket) + 1, {}, QStringLiteral("expected ID.PARAM=VALUE: the lab id comes first, then '.'"));
    const QString labId = target.left(dot);
    const QString pathText = target.mid(dot + 1);
    const QString trimmed = valueText.trimmed();
    const bool bare = !trimmed.startsWith(u'"') && !trimmed.startsWith(u'{') && !trimmed.startsWith(u'[');
    return setParameterAt(scenario, labId, pathText, value, valueNode, catalog, file, positions, 1, int(dot) + 2,
        bare ? &valueText : nullptr);
}

std::optional<ScenarioError> setParameter(
    Scenario& scenario, const QString& labId, const QString& path, const QJsonValue& value, const KindCatalog& catalog)
{
    return setParameterAt(scenario, labId, path, value, nullptr, catalog, {}, Positions{Positions::None}, 0, 0);
}

QByteArray serializeScenario(const Scenario& scenario)
{
    // Written by hand rather than by QJsonDocument: keys in the order a teacher reads them
    // (version, title, notes, timing, labs; id and kind first in a lab), UTF-8 kept readable.
    std::vector<std::pair<QString, QJsonValue>> top;
    top.emplace_back(kLooplab, scenario.version);
    if (!scenario.title.isEmpty())
        top.emplace_back(kTitle, textObject(scenario.title));
    if (!scenario.notes.isEmpty())
        top.emplace_back(kNotes, textObject(scenario.notes));
    top.emplace_back(QStringLiteral("duration_s"), scenario.durationS);
    top.emplace_back(QStringLiteral("time_scale"), scenario.timeScale);
    top.emplace_back(QStringLiteral("seed"), scenario.seed);

    QByteArray out;
    out += "{\n";
    for (const auto& [key, value] : top) {
        out += "  ";
        writeStringUtf8(out, key);
        out += ": ";
        writeValue(out, value, 2);
        out += ",\n";
    }
    out += "  \"labs\": [";
    for (size_t i = 0; i < scenario.labs.size(); ++i) {
        const LabConfig& lab = scenario.labs[i];
        std::vector<std::pair<QString, QJsonValue>> members;
        members.emplace_back(kId, lab.id);
        members.emplace_back(kKind, lab.kind);
        for (auto it = lab.params.begin(); it != lab.params.end(); ++it)
            if (it.key() != kId && it.key() != kKind)
                members.emplace_back(it.key(), it.value());
        out += i == 0 ? "\n    " : ",\n    ";
        writeMembers(out, members, 4);
    }
    out += scenario.labs.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

QString saveScenarioFile(const Scenario& scenario, const QString& path)
{
    // QSaveFile writes a temporary file beside the target and renames it over the target on
    // commit(), so a crash or a full disk never leaves half a scenario behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    const QByteArray bytes = serializeScenario(scenario);
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, why);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace looplab::scenario

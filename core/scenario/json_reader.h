#pragma once
// A small strict JSON reader that remembers where every value and key stands in the text, so
// that a scenario error can say FILE:LINE:COL. QJsonDocument knows only byte offsets and
// accepts things a scenario must not contain (duplicate keys, NaN-ish numbers, …), hence this.
//
// Strict RFC 8259: no comments, no trailing commas, no single quotes, no NaN/Infinity, no
// duplicate keys, no unescaped control characters, valid UTF-8 only. A leading UTF-8 BOM is
// skipped (editors on Windows write one). Lines and columns are 1-based; a column counts
// characters (Unicode code points), not bytes, so a Chinese title does not shift positions.
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <variant>
#include <vector>

namespace looplab::scenario {

struct JsonPosition {
    int line = 0; // 1-based; 0: unknown
    int column = 0; // 1-based, in characters
    bool isValid() const { return line > 0; }
    friend bool operator==(const JsonPosition&, const JsonPosition&) = default;
};

// Positions of one value and, for object members, of its key. Children mirror the value:
// object members in document order (with their keys), or array items.
struct JsonNode {
    JsonPosition position; // first character of the value
    JsonPosition keyPosition; // opening quote of the member's key (object members only)
    QString key; // the member's key (object members only)
    std::vector<JsonNode> children;

    const JsonNode* member(QStringView name) const;
    const JsonNode* item(qsizetype index) const;
};

struct JsonSyntaxError {
    JsonPosition position;
    QString path; // only for errors that belong to a value (duplicate keys); else empty
    QString message; // "expected ',' or '}' after object member, got ']'"
};

class ParsedJson
{
public:
    QJsonValue value;
    JsonNode root;

    // JSON path "labs[0].tasks" (or `labs[0]["odd key"]`); "" is the document. Null when absent.
    const JsonNode* find(QStringView path) const;
    // Position of the value at `path`; when absent, of its nearest present ancestor.
    JsonPosition valuePosition(QStringView path) const;
    // Position of the key of the member at `path`; when absent, as valuePosition().
    JsonPosition keyPosition(QStringView path) const;
};

struct JsonReadOptions {
    int maxDepth = 64; // arrays and objects nested deeper are an error
    bool skipBom = true; // a leading UTF-8 BOM is not part of the document
};

// Any JSON value at the top level (the scenario loader checks that it is an object).
std::variant<ParsedJson, JsonSyntaxError> readJson(const QByteArray& bytes, const JsonReadOptions& options = {});

// One step of a JSON path: an object key or an array index.
struct JsonPathStep {
    QString key; // empty for an index step
    qsizetype index = -1; // >= 0 for an index step
    int offset = 0; // where the step starts in the path text (0-based, characters)
    bool isIndex() const { return index >= 0; }
};
// Splits "labs[0].tasks" / `a["b.c"][2]`; nullopt-like: returns false on malformed text and
// sets `errorOffset` to where it went wrong.
bool splitJsonPath(QStringView path, std::vector<JsonPathStep>& steps, int* errorOffset = nullptr);
// Appends ".key" (or `["odd key"]` when the key is not an identifier) / "[i]" to a path.
QString jsonPathAppend(const QString& path, const QString& key);
QString jsonPathAppend(const QString& path, qsizetype index);

// "0", "1.5", "\"text\"", "true", "null", "an array", "an object": for "…, got X" messages.
QString describeJsonValue(const QJsonValue& value);
// Shortest text that reads back as the same double ("0.1", not "0.10000000000000001").
QString formatJsonNumber(double value);

} // namespace looplab::scenario

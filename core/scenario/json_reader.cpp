#include "json_reader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace looplab::scenario {

namespace {

bool isIdentifierKey(QStringView key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key[i];
        const bool ok
            = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || (i > 0 && c >= u'0' && c <= u'9');
        if (!ok)
            return false;
    }
    return true;
}

QString quoteJsonString(QStringView s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (QChar c : s) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

// Decodes one UTF-8 sequence at p (n bytes left). Returns its length, or 0 when invalid
// (overlong forms, surrogates and code points past U+10FFFF are invalid, as RFC 3629 says).
int decodeUtf8(const unsigned char* p, qsizetype n, char32_t* cp)
{
    const unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    char32_t v;
    char32_t minimum;
    if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, minimum = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, minimum = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (int k = 1; k < len; ++k) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[k] & 0x3F);
    }
    if (v < minimum || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// "201C" for U+201C
QString oneChar(char32_t cp)
{
    // Not QString::fromUcs4(): it drops a U+FEFF as if it were a byte order mark.
    if (cp > 0xFFFF) {
        const QChar pair[2] = {QChar(QChar::highSurrogate(cp)), QChar(QChar::lowSurrogate(cp))};
        return QString(pair, 2);
    }
    return QString(QChar(char16_t(cp)));
}

QString codePoint(char32_t cp)
{
    return QStringLiteral("%1").arg(uint(cp), 4, 16, QLatin1Char('0')).toUpper();
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Reader
{
public:
    Reader(const QByteArray& bytes, const JsonReadOptions& options)
        : m_b(reinterpret_cast<const unsigned char*>(bytes.constData()))
        , m_n(bytes.size())
        , m_options(options)
    { }

    bool read(ParsedJson& out)
    {
        if (m_options.skipBom && m_n >= 3 && m_b[0] == 0xEF && m_b[1] == 0xBB && m_b[2] == 0xBF) {
            m_i = m_lineStart = m_colOffset = 3;
        }
        // UTF-16 files (Windows Notepad's "Unicode") start with a BOM; say so plainly.
        if (m_n >= 2 && ((m_b[0] == 0xFF && m_b[1] == 0xFE) || (m_b[0] == 0xFE && m_b[1] == 0xFF)))
            return fail(position(0), QStringLiteral("the file is encoded as UTF-16; save it as UTF-8"));
        const qsizetype contentStart = m_i;
        skipWhitespace();
        if (m_i >= m_n)
            return fail(position(m_i),
                m_i == contentStart ? QStringLiteral("the file is empty")
                                    : QStringLiteral("the file contains only white space"));
        if (!parseValue(out.root, out.value))
            return false;
        skipWhitespace();
        if (m_i < m_n)
            return unexpected(QStringLiteral("expected end of file after the top-level value"));
        return true;
    }

    JsonSyntaxError error() const { return m_error; }

private:
    // ---- positions ----------------------------------------------------------------------
    // Columns count code points. Positions are asked for in increasing order while reading,
    // so the column is advanced incrementally from the last asked offset (linear overall,
    // even for a 4 MB file on one line).
    JsonPosition position(qsizetype offset)
    {
        if (offset < m_colOffset) {
            m_colOffset = m_lineStart;
            m_column = 1;
        }
        for (; m_colOffset < offset && m_colOffset < m_n; ++m_colOffset)
            if ((m_b[m_colOffset] & 0xC0) != 0x80)
                ++m_column;
        return {m_line, m_column};
    }

    void newLineAt(qsizetype nextLineStart)
    {
        ++m_line;
        m_lineStart = m_colOffset = nextLineStart;
        m_column = 1;
    }

    void skipWhitespace()
    {
        while (m_i < m_n) {
            const unsigned char c = m_b[m_i];
            if (c == ' ' || c == '\t') {
                ++m_i;
            } else if (c == '\n') {
                newLineAt(++m_i);
            } else if (c == '\r') {
                ++m_i;
                if (m_i >= m_n || m_b[m_i] != '\n')
                    newLineAt(m_i); // a lone CR (classic Mac) is a line break too
            } else {
                break;
            }
        }
    }

    // ---- errors -------------------------------------------------------------------------
    bool fail(JsonPosition at, QString message, QString path = {})
    {
        m_error = {at, std::move(path), std::move(message)};
        return false;
    }

    QString describeHere()
    {
        if (m_i >= m_n)
            return QStringLiteral("end of file");
        const unsigned char c = m_b[m_i];
        if (c >= 0x21 && c < 0x7F)
            return QStringLiteral("'%1'").arg(QChar(c));
        if (c < 0x80)
            return QStringLiteral("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
        char32_t cp = 0;
        if (decodeUtf8(m_b + m_i, m_n - m_i, &cp) == 0)
            return QStringLiteral("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
        QString text = QStringLiteral("'%1' (U+%2)").arg(oneChar(cp), codePoint(cp));
        if (cp == 0x201C || cp == 0x201D)
            text += QStringLiteral("; use straight double quotes \"");
        return text;
    }

    // "EXPECTATION, got X" — with plainer words for the usual slips.
    bool unexpected(const QString& expectation)
    {
        const JsonPosition at = position(m_i);
        if (m_i < m_n) {
            const unsigned char c = m_b[m_i];
            if (c == '/' && m_i + 1 < m_n && (m_b[m_i + 1] == '/' || m_b[m_i + 1] == '*'))
                return fail(at, QStringLiteral("comments are not allowed in JSON"));
            char32_t cp = 0;
            if (c >= 0x80 && decodeUtf8(m_b + m_i, m_n - m_i, &cp) == 0)
                return fail(at,
                    QStringLiteral("invalid UTF-8 byte 0x%1 (not a UTF-8 text file?)").arg(c, 2, 16, QLatin1Char('0')));
        }
        return fail(at, expectation + QStringLiteral(", got ") + describeHere());
    }

    QString currentPath() const
    {
        QString path;
        for (const auto& step : m_path)
            path = step.isIndex() ? jsonPathAppend(path, step.index) : jsonPathAppend(path, step.key);
        return path;
    }

    // ---- values -------------------------------------------------------------------------
    bool parseValue(JsonNode& node, QJsonValue& out)
    {
        skipWhitespace();
        node.position = position(m_i);
        if (m_i >= m_n)
            return unexpected(QStringLiteral("expected a value"));
        const unsigned char c = m_b[m_i];
        switch (c) {
        case '{':
            return parseObject(node, out);
        case '[':
            return parseArray(node, out);
        case '"': {
            QString s;
            if (!parseString(s))
                return false;
            out = QJsonValue(s);
            return true;
        }
        case 't':
            return parseLiteral("true", QJsonValue(true), out);
        case 'f':
            return parseLiteral("false", QJsonValue(false), out);
        case 'n':
            return parseLiteral("null", QJsonValue(QJsonValue::Null), out);
        case '\'':
            return fail(node.position, QStringLiteral("strings need double quotes (\"), not single quotes"));
        case '+':
            return fail(node.position, QStringLiteral("invalid number: a number cannot start with '+'"));
        case '.':
            return fail(
                node.position, QStringLiteral("invalid number: a number cannot start with '.' (write 0.5, not .5)"));
        case 'N':
        case 'I':
            if (startsWithWord("NaN") || startsWithWord("Infinity"))
                return fail(node.position, QStringLiteral("NaN and Infinity are not valid JSON numbers"));
            return unexpected(QStringLiteral("expected a value"));
        default:
            if (c == '-' || (c >= '0' && c <= '9'))
                return parseNumber(node.position, out);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
                return fail(
                    node.position, QStringLiteral("unexpected word '%1'; strings need double quotes").arg(wordHere()));
            return unexpected(QStringLiteral("expected a value"));
        }
    }

    bool startsWithWord(const char* word) const
    {
        const qsizetype len = qsizetype(std::strlen(word));
        return m_n - m_i >= len && std::memcmp(m_b + m_i, word, size_t(len)) == 0;
    }

    QString wordHere() const
    {
        qsizetype e = m_i;
        while (e < m_n && e - m_i < 40 && (std::isalnum(m_b[e]) || m_b[e] == '_'))
            ++e;
        return QString::fromLatin1(reinterpret_cast<const char*>(m_b + m_i), e - m_i);
    }

    bool parseLiteral(const char* word, QJsonValue value, QJsonValue& out)
    {
        const qsizetype len = qsizetype(std::strlen(word));
        qsizetype e = m_i;
        while (e < m_n && (std::isalnum(m_b[e]) || m_b[e] == '_'))
            ++e;
        if (e - m_i != len || std::memcmp(m_b + m_i, word, size_t(len)) != 0)
            return fail(
                position(m_i), QStringLiteral("unexpected word '%1'; strings need double quotes").arg(wordHere()));
        m_i = e;
        out = std::move(value);
        return true;
    }

    bool parseNumber(JsonPosition start, QJsonValue& out)
    {
        const qsizetype begin = m_i;
        bool integral = true;
        if (m_b[m_i] == '-') {
            ++m_i;
            if (m_i < m_n && m_b[m_i] == 'I')
                return fail(start, QStringLiteral("NaN and Infinity are not valid JSON numbers"));
            if (m_i >= m_n || !std::isdigit(m_b[m_i]))
                return fail(position(m_i), QStringLiteral("invalid number: expected a digit after '-'"));
        }
        const qsizetype intStart = m_i;
        if (m_b[m_i] == '0') {
            ++m_i;
            if (m_i < m_n && std::isdigit(m_b[m_i]))
                return fail(start, QStringLiteral("invalid number: leading zeros are not allowed"));
        } else {
            while (m_i < m_n && std::isdigit(m_b[m_i]))
                ++m_i;
        }
        const qsizetype intDigits = m_i - intStart;
        if (m_i < m_n && m_b[m_i] == '.') {
            integral = false;
            ++m_i;
            if (m_i >= m_n || !std::isdigit(m_b[m_i]))
                return fail(position(m_i), QStringLiteral("invalid number: expected a digit after '.'"));
            while (m_i < m_n && std::isdigit(m_b[m_i]))
                ++m_i;
        }
        if (m_i < m_n && (m_b[m_i] == 'e' || m_b[m_i] == 'E')) {
            integral = false;
            ++m_i;
            if (m_i < m_n && (m_b[m_i] == '+' || m_b[m_i] == '-'))
                ++m_i;
            if (m_i >= m_n || !std::isdigit(m_b[m_i]))
                return fail(position(m_i), QStringLiteral("invalid number: expected a digit in the exponent"));
            while (m_i < m_n && std::isdigit(m_b[m_i]))
                ++m_i;
        }
        const char* first = reinterpret_cast<const char*>(m_b + begin);
        const char* last = reinterpret_cast<const char*>(m_b + m_i);
        if (integral && intDigits <= 18) {
            qint64 v = 0;
            for (qsizetype k = intStart; k < m_i; ++k)
                v = v * 10 + (m_b[k] - '0');
            out = QJsonValue(first[0] == '-' ? -v : v);
            return true;
        }
        double d = 0;
        const auto [ptr, ec] = std::from_chars(first, last, d);
        if (ec == std::errc::result_out_of_range) {
            if (isOverflow(first, last))
                return fail(start,
                    QStringLiteral("number out of range: %1")
                        .arg(QString::fromLatin1(first, std::min<qsizetype>(last - first, 40))));
            d = 0; // underflow: as close to zero as a double gets
        } else if (ec != std::errc() || ptr != last || !std::isfinite(d)) {
            return fail(start, QStringLiteral("invalid number"));
        }
        out = QJsonValue(d);
        return true;
    }

    // from_chars reports overflow and underflow alike; tell them apart by the decimal
    // magnitude: position of the first significant digit plus the exponent.
    static bool isOverflow(const char* first, const char* last)
    {
        const char* p = first;
        if (*p == '-')
            ++p;
        qint64 magnitude = 0;
        bool seenSignificant = false;
        bool afterPoint = false;
        for (; p < last && *p != 'e' && *p != 'E'; ++p) {
            if (*p == '.') {
                afterPoint = true;
                continue;
            }
            if (!seenSignificant && *p != '0')
                seenSignificant = true;
            if (seenSignificant && !afterPoint)
                ++magnitude;
            else if (!seenSignificant && afterPoint)
                --magnitude;
        }
        qint64 exponent = 0;
        if (p < last) {
            ++p;
            bool negative = false;
            if (*p == '+' || *p == '-')
                negative = *p++ == '-';
            for (; p < last; ++p)
                exponent = std::min<qint64>(exponent * 10 + (*p - '0'), qint64(1) << 40);
            if (negative)
                exponent = -exponent;
        }
        return seenSignificant && magnitude + exponent > 0;
    }

    bool parseString(QString& out)
    {
        const qsizetype quote = m_i;
        ++m_i;
        // Fast path: plain ASCII without escapes.
        qsizetype k = m_i;
        while (k < m_n && m_b[k] >= 0x20 && m_b[k] < 0x80 && m_b[k] != '"' && m_b[k] != '\\')
            ++k;
        if (k < m_n && m_b[k] == '"') {
            out = QString::fromLatin1(reinterpret_cast<const char*>(m_b + m_i), k - m_i);
            m_i = k + 1;
            return true;
        }
        QByteArray utf8;
        utf8.reserve(k - m_i + 32);
        utf8.append(reinterpret_cast<const char*>(m_b + m_i), k - m_i);
        m_i = k;
        while (true) {
            if (m_i >= m_n)
                return fail(position(quote), QStringLiteral("unterminated string (no closing '\"')"));
            const unsigned char c = m_b[m_i];
            if (c == '"') {
                ++m_i;
                break;
            }
            if (c == '\n' || c == '\r')
                return fail(position(quote),
                    QStringLiteral("unterminated string (no closing '\"' before the end of the line; write \\n for a "
                                   "line break)"));
            if (c < 0x20) {
                return fail(position(m_i),
                    QStringLiteral("control character U+%1 in a string; write it as %2")
                        .arg(codePoint(c),
                            c == '\t' ? QStringLiteral("\\t")
                                      : QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'))));
            }
            if (c == '\\') {
                if (!parseEscape(utf8))
                    return false;
                continue;
            }
            if (c < 0x80) {
                utf8 += char(c);
                ++m_i;
                continue;
            }
            char32_t cp = 0;
            const int len = decodeUtf8(m_b + m_i, m_n - m_i, &cp);
            if (len == 0) {
                if (cutByEndOfInput())
                    return fail(position(quote), QStringLiteral("unterminated string (no closing '\"')"));
                return fail(position(m_i),
                    QStringLiteral("invalid UTF-8 byte 0x%1 in a string (save the file as UTF-8)")
                        .arg(c, 2, 16, QLatin1Char('0')));
            }
            utf8.append(reinterpret_cast<const char*>(m_b + m_i), len);
            m_i += len;
        }
        out = QString::fromUtf8(utf8);
        return true;
    }

    // Keys repeat (every item of an array has the same ones): plain keys are shared through a
    // small cache instead of allocating a QString each time.
    bool parseKey(QString& out)
    {
        qsizetype k = m_i + 1;
        while (k < m_n && k - m_i <= 64 && m_b[k] >= 0x20 && m_b[k] < 0x80 && m_b[k] != '"' && m_b[k] != '\\')
            ++k;
        if (k < m_n && m_b[k] == '"' && k - m_i <= 64) {
            const std::string_view text(reinterpret_cast<const char*>(m_b + m_i + 1), size_t(k - m_i - 1));
            auto it = m_keys.find(text);
            if (it == m_keys.end())
                it = m_keys.emplace(text, QString::fromLatin1(text.data(), qsizetype(text.size()))).first;
            out = it->second;
            m_i = k + 1;
            return true;
        }
        return parseString(out);
    }

    // A multi-byte character whose remaining bytes are all cut off by the end of the input:
    // a truncated file, not a wrongly encoded one.
    bool cutByEndOfInput() const
    {
        const unsigned char c = m_b[m_i];
        const int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || m_i + len <= m_n)
            return false;
        for (qsizetype k = m_i + 1; k < m_n; ++k)
            if ((m_b[k] & 0xC0) != 0x80)
                return false;
        return true;
    }

    bool parseEscape(QByteArray& utf8)
    {
        const qsizetype at = m_i;
        if (m_i + 1 >= m_n)
            return fail(position(at), QStringLiteral("unterminated string (no closing '\"')"));
        const unsigned char e = m_b[m_i + 1];
        m_i += 2;
        switch (e) {
        case '"':
            utf8 += '"';
            return true;
        case '\\':
            utf8 += '\\';
            return true;
        case '/':
            utf8 += '/';
            return true;
        case 'b':
            utf8 += '\b';
            return true;
        case 'f':
            utf8 += '\f';
            return true;
        case 'n':
            utf8 += '\n';
            return true;
        case 'r':
            utf8 += '\r';
            return true;
        case 't':
            utf8 += '\t';
            return true;
        case 'u':
            break;
        default:
            m_i = at + 1;
            return fail(position(at), QStringLiteral("invalid escape '\\%1' in a string").arg(describeEscapeChar(e)));
        }
        int unit = readHex4();
        if (unit < 0)
            return fail(position(at), QStringLiteral("invalid \\u escape: expected 4 hex digits"));
        char32_t cp = char32_t(unit);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            int low = -1;
            if (m_i + 1 < m_n && m_b[m_i] == '\\' && m_b[m_i + 1] == 'u') {
                m_i += 2;
                low = readHex4();
            }
            if (low < 0xDC00 || low > 0xDFFF)
                return fail(position(at),
                    QStringLiteral("invalid \\u escape: a high surrogate must be followed by a low surrogate"));
            cp = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00);
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return fail(position(at), QStringLiteral("invalid \\u escape: lone low surrogate"));
        }
        appendUtf8(utf8, cp);
        return true;
    }

    QString describeEscapeChar(unsigned char e) const
    {
        if (e >= 0x21 && e < 0x7F)
            return QString(QChar(e));
        return QStringLiteral("<0x%1>").arg(e, 2, 16, QLatin1Char('0'));
    }

    int readHex4()
    {
        if (m_n - m_i < 4)
            return -1;
        int v = 0;
        for (int k = 0; k < 4; ++k) {
            const int h = hexValue(char(m_b[m_i + k]));
            if (h < 0)
                return -1;
            v = v * 16 + h;
        }
        m_i += 4;
        return v;
    }

    bool enter(const JsonPosition& at)
    {
        if (++m_depth > m_options.maxDepth)
            return fail(at,
                QStringLiteral("nested too deeply (the limit is %1 levels of objects and arrays)")
                    .arg(m_options.maxDepth));
        return true;
    }

    bool parseObject(JsonNode& node, QJsonValue& out)
    {
        if (!enter(node.position))
            return false;
        ++m_i; // '{'
        std::vector<std::pair<QString, QJsonValue>> members;
        QHash<QString, qsizetype> index; // built only for large objects; small ones scan
        skipWhitespace();
        if (m_i < m_n && m_b[m_i] == '}') {
            ++m_i;
            --m_depth;
            out = QJsonObject();
            return true;
        }
        JsonPosition comma; // of the last ',' (a trailing comma is reported there)
        while (true) {
            skipWhitespace();
            if (m_i >= m_n || m_b[m_i] != '"') {
                if (m_i < m_n && m_b[m_i] == '}' && comma.isValid())
                    return fail(comma, QStringLiteral("trailing comma before '}' (JSON does not allow one)"));
                if (m_i < m_n && m_b[m_i] == '\'')
                    return fail(position(m_i), QStringLiteral("strings need double quotes (\"), not single quotes"));
                if (m_i < m_n && (std::isalpha(m_b[m_i]) || m_b[m_i] == '_'))
                    return fail(
                        position(m_i), QStringLiteral("object keys need double quotes: \"%1\"").arg(wordHere()));
                return unexpected(comma.isValid() ? QStringLiteral("expected a key in double quotes after ','")
                                                  : QStringLiteral("expected a key in double quotes or '}'"));
            }
            JsonNode child;
            child.keyPosition = position(m_i);
            if (!parseKey(child.key))
                return false;
            // Duplicate keys: QJsonObject would keep one silently; a teacher must hear of it.
            qsizetype previous = -1;
            if (members.size() < 16) {
                for (qsizetype k = 0; k < qsizetype(members.size()); ++k)
                    if (members[size_t(k)].first == child.key)
                        previous = k;
            } else {
                if (index.isEmpty())
                    for (qsizetype k = 0; k < qsizetype(members.size()); ++k)
                        index.insert(members[size_t(k)].first, k);
                previous = index.value(child.key, -1);
            }
            if (previous >= 0) {
                const JsonPosition first = node.children[size_t(previous)].keyPosition;
                m_path.push_back({child.key, -1, 0});
                const QString path = currentPath();
                m_path.pop_back();
                return fail(child.keyPosition,
                    QStringLiteral("duplicate key %1 (first at line %2, column %3)")
                        .arg(quoteJsonString(child.key), QString::number(first.line), QString::number(first.column)),
                    path);
            }
            skipWhitespace();
            if (m_i >= m_n || m_b[m_i] != ':')
                return unexpected(QStringLiteral("expected ':' after the key"));
            ++m_i;
            QJsonValue value;
            m_path.push_back({child.key, -1, 0});
            const bool ok = parseValue(child, value);
            m_path.pop_back();
            if (!ok)
                return false;
            if (!index.isEmpty())
                index.insert(child.key, qsizetype(members.size()));
            members.emplace_back(child.key, std::move(value));
            node.children.push_back(std::move(child));
            skipWhitespace();
            if (m_i < m_n && m_b[m_i] == ',') {
                comma = position(m_i++);
                continue;
            }
            if (m_i < m_n && m_b[m_i] == '}') {
                ++m_i;
                break;
            }
            return unexpected(QStringLiteral("expected ',' or '}' after object member"));
        }
        --m_depth;
        // QJsonObject keeps its keys sorted; inserting in sorted order appends, which keeps
        // a large object linear instead of quadratic.
        std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        QJsonObject object;
        for (auto& [key, value] : members)
            object.insert(key, value);
        out = object;
        return true;
    }

    bool parseArray(JsonNode& node, QJsonValue& out)
    {
        if (!enter(node.position))
            return false;
        ++m_i; // '['
        QJsonArray array;
        skipWhitespace();
        if (m_i < m_n && m_b[m_i] == ']') {
            ++m_i;
            --m_depth;
            out = array;
            return true;
        }
        JsonPosition comma;
        while (true) {
            skipWhitespace();
            if (m_i < m_n && m_b[m_i] == ']' && comma.isValid())
                return fail(comma, QStringLiteral("trailing comma before ']' (JSON does not allow one)"));
            JsonNode child;
            QJsonValue value;
            m_path.push_back({QString(), qsizetype(node.children.size()), 0});
            const bool ok = parseValue(child, value);
            m_path.pop_back();
            if (!ok)
                return false;
            array.append(value);
            node.children.push_back(std::move(child));
            skipWhitespace();
            if (m_i < m_n && m_b[m_i] == ',') {
                comma = position(m_i++);
                continue;
            }
            if (m_i < m_n && m_b[m_i] == ']') {
                ++m_i;
                break;
            }
            return unexpected(QStringLiteral("expected ',' or ']' after array element"));
        }
        --m_depth;
        out = array;
        return true;
    }

    const unsigned char* m_b;
    qsizetype m_n;
    JsonReadOptions m_options;
    qsizetype m_i = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    qsizetype m_colOffset = 0; // the column of the character at this offset is m_column
    int m_column = 1;
    int m_depth = 0;
    std::vector<JsonPathStep> m_path;
    std::unordered_map<std::string_view, QString> m_keys; // views into the input
    JsonSyntaxError m_error;
};

} // namespace

const JsonNode* JsonNode::member(QStringView name) const
{
    for (const auto& c : children)
        if (c.key == name)
            return &c;
    return nullptr;
}

const JsonNode* JsonNode::item(qsizetype index) const
{
    return index >= 0 && index < qsizetype(children.size()) ? &children[size_t(index)] : nullptr;
}

std::variant<ParsedJson, JsonSyntaxError> readJson(const QByteArray& bytes, const JsonReadOptions& options)
{
    Reader reader(bytes, options);
    ParsedJson parsed;
    if (!reader.read(parsed))
        return reader.error();
    return parsed;
}

namespace {

// Walks `path` as far as the document goes. Returns the deepest node reached and whether the
// whole path was found; `viaKey` tells whether that node was reached as an object member.
const JsonNode* walk(const JsonNode& root, const QJsonValue& rootValue, QStringView path, bool* complete)
{
    std::vector<JsonPathStep> steps;
    *complete = false;
    if (!splitJsonPath(path, steps))
        return &root;
    const JsonNode* node = &root;
    QJsonValue value = rootValue;
    for (const auto& step : steps) {
        const JsonNode* next = nullptr;
        if (step.isIndex()) {
            if (value.isArray()) {
                next = node->item(step.index);
                value = value.toArray().at(step.index);
            }
        } else if (value.isObject()) {
            next = node->member(step.key);
            value = value.toObject().value(step.key);
        }
        if (!next)
            return node;
        node = next;
    }
    *complete = true;
    return node;
}

} // namespace

const JsonNode* ParsedJson::find(QStringView path) const
{
    bool complete = false;
    const JsonNode* node = walk(root, value, path, &complete);
    return complete ? node : nullptr;
}

JsonPosition ParsedJson::valuePosition(QStringView path) const
{
    bool complete = false;
    return walk(root, value, path, &complete)->position;
}

JsonPosition ParsedJson::keyPosition(QStringView path) const
{
    bool complete = false;
    const JsonNode* node = walk(root, value, path, &complete);
    return complete && node->keyPosition.isValid() ? node->keyPosition : node->position;
}

bool splitJsonPath(QStringView path, std::vector<JsonPathStep>& steps, int* errorOffset)
{
    steps.clear();
    qsizetype i = 0;
    const qsizetype n = path.size();
    auto bad = [&](qsizetype at) {
        if (errorOffset)
            *errorOffset = int(at);
        return false;
    };
    while (i < n) {
        const qsizetype start = i;
        if (path[i] == u'[') {
            ++i;
            if (i < n && path[i] == u'"') {
                ++i;
                QString key;
                while (i < n && path[i] != u'"') {
                    if (path[i] == u'\\' && i + 1 < n)
                        ++i;
                    key += path[i++];
                }
                if (i >= n || i + 1 >= n || path[i + 1] != u']')
                    return bad(start);
                i += 2;
                steps.push_back({key, -1, int(start)});
            } else {
                qsizetype v = 0;
                const qsizetype digits = i;
                while (i < n && path[i].isDigit() && path[i].unicode() < 0x80 && i - digits < 9)
                    v = v * 10 + (path[i++].unicode() - u'0');
                if (i == digits || i >= n || path[i] != u']')
                    return bad(start);
                ++i;
                steps.push_back({QString(), v, int(start)});
            }
            continue;
        }
        if (path[i] == u'.') {
            if (steps.empty())
                return bad(i);
            ++i;
        } else if (!steps.empty()) {
            return bad(i);
        }
        const qsizetype keyStart = i;
        while (i < n && path[i] != u'.' && path[i] != u'[')
            ++i;
        if (i == keyStart)
            return bad(keyStart);
        steps.push_back({path.mid(keyStart, i - keyStart).toString(), -1, int(keyStart)});
    }
    return true;
}

QString jsonPathAppend(const QString& path, const QString& key)
{
    if (isIdentifierKey(key))
        return path.isEmpty() ? key : path + u'.' + key;
    return path + u'[' + quoteJsonString(key) + u']';
}

QString jsonPathAppend(const QString& path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

QString formatJsonNumber(double value)
{
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString describeJsonValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const QVariant v = value.toVariant();
        if (v.typeId() == QMetaType::LongLong)
            return QString::number(v.toLongLong());
        return formatJsonNumber(value.toDouble());
    }
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > 60)
            s = s.left(57) + QStringLiteral("...");
        return quoteJsonString(s);
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace looplab::scenario

#include "ui_text.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace looplab::ui {

namespace {
QString& overrideLanguage()
{
    static QString lang;
    return lang;
}
} // namespace

QString uiLanguage()
{
    if (!overrideLanguage().isEmpty())
        return overrideLanguage();
    return QLocale().name();
}

void setUiLanguage(const QString& lang)
{
    overrideLanguage() = lang;
}

bool uiIsChinese()
{
    return uiLanguage().startsWith(QLatin1String("zh"));
}

QString localized(const scenario::LocalizedText& text)
{
    if (uiIsChinese())
        return text.zh.isEmpty() ? text.en : text.zh;
    return text.en.isEmpty() ? text.zh : text.en;
}

QString localizedDescription(const scenario::ParamSpec& spec)
{
    if (uiIsChinese() && !spec.descriptionZh.isEmpty())
        return spec.descriptionZh;
    return spec.descriptionEn.isEmpty() ? spec.descriptionZh : spec.descriptionEn;
}

QString localizedKindTitle(const scenario::KindSpec& spec)
{
    if (uiIsChinese() && !spec.titleZh.isEmpty())
        return spec.titleZh;
    return spec.titleEn.isEmpty() ? spec.kind : spec.titleEn;
}

QString localizedUnit(const QString& unit)
{
    // The word units of the kind catalog and the labs' series (core/ names them in English, the
    // scenario files' public contract); lupdate collects them from this table.
    static const char* const kUnits[] = {
        QT_TRANSLATE_NOOP("Units", "candidates"),
        QT_TRANSLATE_NOOP("Units", "cells"),
        QT_TRANSLATE_NOOP("Units", "clients"),
        QT_TRANSLATE_NOOP("Units", "clusters"),
        QT_TRANSLATE_NOOP("Units", "connections"),
        QT_TRANSLATE_NOOP("Units", "cores"),
        QT_TRANSLATE_NOOP("Units", "dims"),
        QT_TRANSLATE_NOOP("Units", "events"),
        QT_TRANSLATE_NOOP("Units", "items"),
        QT_TRANSLATE_NOOP("Units", "keys"),
        QT_TRANSLATE_NOOP("Units", "levels"),
        QT_TRANSLATE_NOOP("Units", "links"),
        QT_TRANSLATE_NOOP("Units", "neighbours"),
        QT_TRANSLATE_NOOP("Units", "queries"),
        QT_TRANSLATE_NOOP("Units", "ratio"),
        QT_TRANSLATE_NOOP("Units", "requests"),
        QT_TRANSLATE_NOOP("Units", "retries"),
        QT_TRANSLATE_NOOP("Units", "rounds"),
        QT_TRANSLATE_NOOP("Units", "tasks"),
        QT_TRANSLATE_NOOP("Units", "threads"),
        QT_TRANSLATE_NOOP("Units", "tokens"),
        QT_TRANSLATE_NOOP("Units", "users"),
        QT_TRANSLATE_NOOP("Units", "vectors"),
        QT_TRANSLATE_NOOP("Units", "workers"),
    };
    for (const char* u : kUnits)
        if (unit == QLatin1String(u))
            return QCoreApplication::translate("Units", u);
    return unit;
}

QString labelWithUnit(const QString& label, const QString& unit)
{
    if (unit.isEmpty())
        return label;
    return QStringLiteral("%1 (%2)").arg(label, localizedUnit(unit));
}

QString formatNumber(double v)
{
    if (std::isnan(v))
        return QStringLiteral("–");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
    const double a = std::fabs(v);
    if (a == 0)
        return QStringLiteral("0");
    if (a < 1e4 && v == std::round(v))
        return QString::number(qint64(v));
    if (a >= 1e6)
        return QString::number(v / 1e6, 'f', a >= 1e8 ? 0 : 1) + QStringLiteral(" M");
    if (a >= 1e4)
        return QString::number(v / 1e3, 'f', a >= 1e5 ? 0 : 1) + QStringLiteral(" k");
    if (a >= 100)
        return QString::number(v, 'f', 0);
    if (a >= 10)
        return QString::number(v, 'f', 1);
    if (a >= 1)
        return QString::number(v, 'f', 2);
    if (a >= 0.01)
        return QString::number(v, 'f', 3);
    return QString::number(v, 'g', 2);
}

QString formatValue(double value, const QString& unit)
{
    if (unit.isEmpty())
        return formatNumber(value);
    if (unit == QLatin1String("%"))
        return formatNumber(value) + unit;
    return formatNumber(value) + QLatin1Char(' ') + localizedUnit(unit);
}

QString notesMarkdown(const QString& notes)
{
    static const QRegularExpression re(QStringLiteral("\\*\\*([^*\\n]+?)([：:，,。.；;！!？?])\\*\\*"));
    QString out = notes;
    out.replace(re, QStringLiteral("**\\1**\\2"));
    return out;
}

QString humanize(const QString& machineName)
{
    QString s = machineName;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    return s;
}

} // namespace looplab::ui

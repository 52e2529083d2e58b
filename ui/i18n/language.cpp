#include "language.h"

#include "retranslator.h"
#include "ui_text.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QEvent>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenu>
#include <QSettings>

namespace looplab::ui {

namespace {
const QString kSettingsKey = QStringLiteral("ui/language");
QString g_current;

TranslationRecorder* recorder()
{
    // Installed once and never removed: language switches swap what it consults, so that a
    // switch sends exactly one LanguageChange (installing/removing sends one each).
    static TranslationRecorder* rec = [] {
        auto* r = new TranslationRecorder(QCoreApplication::instance());
        QCoreApplication::installTranslator(r);
        return r;
    }();
    return rec;
}
} // namespace

void installTranslationRecorder()
{
    if (QCoreApplication::instance())
        recorder();
}

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString systemLanguage()
{
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString savedLanguageChoice()
{
    const QString v = QSettings().value(kSettingsKey).toString();
    return availableLanguages().contains(v) ? v : QString();
}

void saveLanguageChoice(const QString& choice)
{
    QSettings s;
    if (availableLanguages().contains(choice))
        s.setValue(kSettingsKey, choice);
    else
        s.remove(kSettingsKey);
}

QString resolveLanguage(const QString& choice)
{
    return availableLanguages().contains(choice) ? choice : systemLanguage();
}

QString currentLanguage()
{
    return g_current;
}

bool applyLanguage(const QString& lang)
{
    if (!QCoreApplication::instance())
        return false;
    TranslationRecorder* rec = recorder();
    std::vector<std::unique_ptr<QTranslator>> translators;
    auto own = std::make_unique<QTranslator>();
    const bool ok = own->load(QStringLiteral(":/i18n/looplab_%1.qm").arg(lang));
    const QString applied = ok ? lang : QStringLiteral("en");
    if (ok)
        translators.push_back(std::move(own));
    else if (auto en = std::make_unique<QTranslator>(); en->load(QStringLiteral(":/i18n/looplab_en.qm")))
        translators.push_back(std::move(en));
    // Qt's own strings (dialog buttons, file dialogs, the undo stack's "Undo %1"): Debian's
    // qt6-translations-l10n. Without it those stay English; LoopLab's own are unaffected.
    if (applied != QLatin1String("en")) {
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_%1").arg(applied), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            translators.push_back(std::move(qt));
    }
    rec->setTranslators(std::move(translators));
    setUiLanguage(applied);
    g_current = applied;
    QEvent ev(QEvent::LanguageChange);
    QCoreApplication::sendEvent(QCoreApplication::instance(), &ev);
    return ok;
}

bool applySavedLanguage()
{
    return applyLanguage(resolveLanguage(savedLanguageChoice()));
}

QString nativeLanguageName(const QString& lang)
{
    // Deliberately not tr(): each name is written in its own language.
    if (lang == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (lang == QLatin1String("en"))
        return QStringLiteral("English");
    return QLocale(lang).nativeLanguageName();
}

QMenu* createLanguageMenu(QWidget* parent)
{
    auto* menu = new QMenu(QCoreApplication::translate("LanguageMenu", "&Language"), parent);
    menu->setObjectName(QStringLiteral("languageMenu"));
    menu->setToolTipsVisible(true);
    auto* group = new QActionGroup(menu);
    const QString choice = savedLanguageChoice();
    auto add = [&](const QString& code, const QString& text) {
        QAction* a = menu->addAction(text);
        a->setObjectName(QStringLiteral("language:%1").arg(code.isEmpty() ? QStringLiteral("system") : code));
        a->setCheckable(true);
        a->setChecked(code == choice);
        group->addAction(a);
        QObject::connect(a, &QAction::triggered, menu, [code] {
            saveLanguageChoice(code);
            applyLanguage(resolveLanguage(code));
        });
        return a;
    };
    QAction* system = add(QString(), QCoreApplication::translate("LanguageMenu", "System"));
    system->setToolTip(QCoreApplication::translate(
        "LanguageMenu", "Follow the system's language (Chinese locales: 简体中文; others: English)"));
    menu->addSeparator();
    for (const QString& lang : availableLanguages())
        add(lang, nativeLanguageName(lang));
    return menu;
}

} // namespace looplab::ui

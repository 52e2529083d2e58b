#pragma once
// The interface language (issue 8): English or Simplified Chinese, following the system locale
// unless the user picked one in View → Language. Switching installs the new translators (LoopLab's
// own .qm, compiled at build time into :/i18n/, and Qt's qtbase_*.qm for standard dialogs), tells
// ui_text (scenario titles, notes, parameter descriptions) and sends one QEvent::LanguageChange,
// so every open window relabels itself without a restart.
#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

namespace looplab::ui {

// Languages LoopLab ships, as .qm suffixes: "en", "zh_CN".
QStringList availableLanguages();
// The system locale mapped onto those: any Chinese → "zh_CN", everything else → "en".
QString systemLanguage();
// The user's choice in QSettings "ui/language": "en", "zh_CN", or "" for "follow the system".
QString savedLanguageChoice();
void saveLanguageChoice(const QString& choice);
// `choice` when it is a shipped language, else the system's.
QString resolveLanguage(const QString& choice);

// Routes tr() through the recorder that lets open windows relabel themselves (retranslator.h).
// Idempotent; MainWindow calls it before creating any text, so that a window built before the
// first applyLanguage() (tests, the gallery) can still switch.
void installTranslationRecorder();

// Installs the translators for `lang` (a shipped language) and relabels open windows. Returns
// false, with English left in place, when LoopLab's .qm for it is missing from the resources.
bool applyLanguage(const QString& lang);
// applyLanguage(resolveLanguage(savedLanguageChoice())), for startup.
bool applySavedLanguage();
// What applyLanguage() installed last ("" before the first call).
QString currentLanguage();

// A language's name in that language ("English", "简体中文"): a reader who cannot read the
// current interface language still finds their own.
QString nativeLanguageName(const QString& lang);

// View → Language: "System", then each language, as radio actions (object names
// "language:system", "language:en", "language:zh_CN"); picking one saves it and applies it.
QMenu* createLanguageMenu(QWidget* parent);

} // namespace looplab::ui

#pragma once
// Language choice and number formatting shared by every widget. The window follows the system
// locale unless the user picked a language (View → Language, issue 8): scenario titles, notes
// and parameter tooltips come from the file/catalog in that language, the chrome through tr().
#include "scenario/param_spec.h"
#include "scenario/scenario.h"

#include <QString>

namespace looplab::ui {

QString uiLanguage(); // "en", "zh_CN", ...
void setUiLanguage(const QString& lang); // overrides the system locale for this process
bool uiIsChinese();

QString localized(const scenario::LocalizedText& text);
QString localizedDescription(const scenario::ParamSpec& spec);
QString localizedKindTitle(const scenario::KindSpec& spec);

// A unit from the catalog or a lab's series in the interface language: words are translated
// ("tasks" → "任务"), symbols stay (ms, s, 1/s, %, KB, x). Unknown units come back unchanged.
QString localizedUnit(const QString& unit);
// "lag (ms)"; just "lag" when there is no unit. The unit goes through localizedUnit().
QString labelWithUnit(const QString& label, const QString& unit);
// 3 significant digits, thousands kept readable: 0.0123, 1.23, 12.3, 123, 1234, 12.3 k.
QString formatNumber(double value);
QString formatValue(double value, const QString& unit);
// Scenario notes as CommonMark the way their authors meant them: "**观察：**文字" is not bold in
// CommonMark (a closing ** after punctuation must be followed by space or punctuation), so
// trailing punctuation moves outside the emphasis: "**观察**：文字".
QString notesMarkdown(const QString& notes);
// Human label for a machine name: "tasks_in_flight" → "tasks in flight".
QString humanize(const QString& machineName);

} // namespace looplab::ui

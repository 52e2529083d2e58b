#pragma once
// File → Examples…: every built-in scenario with its title and notes in the UI language, a search
// field that filters by title, notes, lab kind and file name (case-insensitive, English and
// Chinese alike: both languages of a file are searched whatever the UI shows), a preview of the
// selected scenario's notes, and Open.
#include "scenario/param_spec.h"

#include <QDialog>
#include <QStringList>

#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace looplab::ui {

struct ExampleEntry {
    QString path; // ".../scenarios/event_loop_blocking.json" (engine/app_paths.h)
    QString fileName; // "event_loop_blocking.json"
    QString title; // in the UI language
    QString notes; // in the UI language (Markdown)
    QStringList kinds; // lab kinds, in file order ("event_loop", "pool")
    QString kindTitles; // the kinds' localized titles, for the list and the preview
    QString haystack; // everything the search looks in, case-folded
};

class ExamplesDialog : public QDialog
{
    Q_OBJECT
public:
    ExamplesDialog(const QString& dir, const scenario::KindCatalog& catalog, QWidget* parent = nullptr);

    // Every *.json in `dir` that parses, by file name. Files that do not parse are left out.
    static std::vector<ExampleEntry> loadExamples(const QString& dir, const scenario::KindCatalog& catalog);
    // Every whitespace-separated word of `query` occurs somewhere in the entry (case-insensitive).
    static bool matches(const ExampleEntry& entry, const QString& query);

    void setQuery(const QString& query);
    QStringList visibleFiles() const; // file names shown, in list order
    QString selectedPath() const; // what Open opens ("" when nothing is selected)

    QLineEdit* searchField() const { return m_search; }
    QListWidget* list() const { return m_list; }
    QTextBrowser* preview() const { return m_preview; }

private:
    void refilter();
    void showPreview();

    std::vector<ExampleEntry> m_entries;
    QLineEdit* m_search;
    QListWidget* m_list;
    QTextBrowser* m_preview;
    QLabel* m_count;
    QPushButton* m_open;
};

} // namespace looplab::ui

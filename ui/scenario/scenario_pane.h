#pragma once
// The scenario pane: title and notes (markdown) in the user's language, the modified marker, the
// generated parameter editor, and a line saying what the last edit did (live, or lab restarted).
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace looplab::ui {

class ParamEditor;
class ScenarioDocument;

class ScenarioPane : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioPane(ScenarioDocument* document, QWidget* parent = nullptr);

    ParamEditor* editor() const { return m_editor; }
    // The engine took a parameter: live, or by restarting the lab.
    void showParameterApplied(const QString& labId, const QString& path, bool restarted);
    void showMessage(const QString& text, bool error = false);
    QString feedbackText() const;
    QString titleText() const;
    bool showsModified() const;
    void refresh();

private:
    ScenarioDocument* m_doc;
    QLabel* m_title;
    QLabel* m_file;
    QLabel* m_modified;
    QTextBrowser* m_notes;
    ParamEditor* m_editor;
    QLabel* m_feedback;
};

} // namespace looplab::ui

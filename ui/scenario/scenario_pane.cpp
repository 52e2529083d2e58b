#include "scenario_pane.h"

#include "engine/app_paths.h"
#include "param_editor.h"
#include "scenario_document.h"
#include "theme.h"
#include "ui_text.h"

#include <QFileInfo>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QTime>
#include <QVBoxLayout>

namespace looplab::ui {

ScenarioPane::ScenarioPane(ScenarioDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_doc(document)
{
    const Theme& t = Theme::current();
    m_title = new QLabel;
    QFont tf = t.titleFont();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    m_title->setFont(tf);
    m_title->setWordWrap(true);
    m_file = new QLabel;
    m_file->setForegroundRole(QPalette::PlaceholderText);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modified = new QLabel(tr("● modified"));
    m_modified->setObjectName(QStringLiteral("modifiedMarker"));
    QPalette mp = m_modified->palette();
    mp.setColor(QPalette::WindowText, QColor(0xd5, 0x5e, 0x00));
    m_modified->setPalette(mp);
    m_modified->setVisible(false);

    m_notes = new QTextBrowser;
    m_notes->setOpenExternalLinks(true);
    m_notes->setFrameShape(QFrame::NoFrame);

    m_editor = new ParamEditor(m_doc);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_feedback = new QLabel;
    m_feedback->setWordWrap(true);
    m_feedback->setObjectName(QStringLiteral("parameterFeedback"));

    auto* paramsBox = new QWidget;
    auto* pl = new QVBoxLayout(paramsBox);
    pl->setContentsMargins(0, 0, 0, 0);
    auto* paramsTitle = new QLabel(tr("Parameters"));
    paramsTitle->setFont(t.titleFont());
    pl->addWidget(paramsTitle);
    pl->addWidget(m_feedback);
    pl->addWidget(scroll, 1);

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_notes);
    split->addWidget(paramsBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto* header = new QHBoxLayout;
    header->addWidget(m_file, 1);
    header->addWidget(m_modified);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    connect(m_doc, &ScenarioDocument::scenarioReset, this, &ScenarioPane::refresh);
    connect(m_doc, &ScenarioDocument::pathChanged, this, &ScenarioPane::refresh);
    connect(m_doc, &ScenarioDocument::modifiedChanged, m_modified, &QLabel::setVisible);
    connect(m_editor, &ParamEditor::editRejected, this, [this](const QString& msg) { showMessage(msg, true); });
    refresh();
}

void ScenarioPane::refresh()
{
    if (!m_doc->hasScenario()) {
        m_title->setText(tr("No scenario"));
        m_file->clear();
        m_notes->clear();
        return;
    }
    const auto& sc = m_doc->scenario();
    m_title->setText(localized(sc.title));
    const QString path = m_doc->path();
    m_file->setText(paths::isBuiltInScenario(path) ? tr("built-in: %1").arg(QFileInfo(path).fileName())
            : path.isEmpty()                       ? tr("unsaved")
                                                   : QFileInfo(path).fileName());
    m_file->setToolTip(path);
    m_notes->setMarkdown(notesMarkdown(localized(sc.notes)));
    m_modified->setVisible(m_doc->isModified());
    m_feedback->clear();
}

void ScenarioPane::showParameterApplied(const QString& labId, const QString& path, bool restarted)
{
    const QString when = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    showMessage(restarted ? tr("%1 %2.%3: this parameter cannot change live — the lab restarted with the new value.")
                                .arg(when, labId, path)
                          : tr("%1 %2.%3: applied live.").arg(when, labId, path));
}

void ScenarioPane::showMessage(const QString& text, bool error)
{
    QPalette p = m_feedback->palette();
    p.setColor(QPalette::WindowText, error ? Theme::current().alert : palette().color(QPalette::WindowText));
    m_feedback->setPalette(p);
    m_feedback->setText(text);
}

QString ScenarioPane::feedbackText() const
{
    return m_feedback->text();
}

QString ScenarioPane::titleText() const
{
    return m_title->text();
}

bool ScenarioPane::showsModified() const
{
    return m_modified->isVisibleTo(this);
}

} // namespace looplab::ui

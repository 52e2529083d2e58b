#include "examples_dialog.h"

#include "scenario/scenario_loader.h"
#include "ui_text.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace looplab::ui {

namespace {
constexpr int kPathRole = Qt::UserRole;
constexpr int kIndexRole = Qt::UserRole + 1;
} // namespace

std::vector<ExampleEntry> ExamplesDialog::loadExamples(const QString& dir, const scenario::KindCatalog& catalog)
{
    std::vector<ExampleEntry> out;
    const QDir d(dir);
    for (const QString& name : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(d.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const auto parsed = scenario::parseScenario(f.readAll(), f.fileName(), catalog);
        const auto* sc = std::get_if<scenario::Scenario>(&parsed);
        if (!sc)
            continue;
        ExampleEntry e;
        e.path = d.filePath(name);
        e.fileName = name;
        e.title = localized(sc->title);
        e.notes = localized(sc->notes);
        QStringList kindTitles, words{name, sc->title.en, sc->title.zh, sc->notes.en, sc->notes.zh};
        for (const auto& lab : sc->labs) {
            if (e.kinds.contains(lab.kind))
                continue;
            e.kinds << lab.kind;
            const scenario::KindSpec* spec = catalog.find(lab.kind);
            kindTitles << (spec ? localizedKindTitle(*spec) : lab.kind);
            // "event_loop" is found as "event loop" too; both languages' kind titles as well.
            words << lab.kind << humanize(lab.kind);
            if (spec)
                words << spec->titleEn << spec->titleZh;
        }
        e.kindTitles = kindTitles.join(QStringLiteral(" · "));
        e.haystack = words.join(QLatin1Char('\n')).toCaseFolded();
        out.push_back(std::move(e));
    }
    return out;
}

bool ExamplesDialog::matches(const ExampleEntry& entry, const QString& query)
{
    const QStringList terms
        = query.toCaseFolded().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (const QString& t : terms)
        if (!entry.haystack.contains(t))
            return false;
    return true;
}

ExamplesDialog::ExamplesDialog(const QString& dir, const scenario::KindCatalog& catalog, QWidget* parent)
    : QDialog(parent)
    , m_entries(loadExamples(dir, catalog))
{
    setObjectName(QStringLiteral("examplesDialog"));
    setWindowTitle(tr("Examples"));
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("examplesSearch"));
    m_search->setPlaceholderText(tr("Search titles, notes, labs and file names (e.g. “GIL”, “nprobe”, “阻塞”)"));
    m_search->setToolTip(
        tr("Every word must occur in the scenario's title, notes, lab kind or file name; case does not matter"));
    m_search->setClearButtonEnabled(true);
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("examplesCount"));

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("examplesList"));
    m_list->setToolTip(tr("Built-in scenarios; double-click one to open it"));
    m_list->setUniformItemSizes(false);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true); // two lines per scenario: keep them apart
    m_list->setSpacing(2);
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const ExampleEntry& e = m_entries[i];
        auto* item = new QListWidgetItem(QStringLiteral("%1\n%2 — %3").arg(e.title, e.kindTitles, e.fileName), m_list);
        item->setData(kPathRole, e.path);
        item->setData(kIndexRole, int(i));
        item->setToolTip(e.path);
    }
    m_preview = new QTextBrowser;
    m_preview->setObjectName(QStringLiteral("examplesPreview"));
    m_preview->setOpenExternalLinks(false);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_list);
    split->addWidget(m_preview);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    m_open = buttons->button(QDialogButtonBox::Open);
    m_open->setToolTip(tr("Open the selected scenario (Enter)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_count);
    auto* l = new QVBoxLayout(this);
    l->addLayout(top);
    l->addWidget(split, 1);
    l->addWidget(buttons);
    resize(900, 560);

    connect(m_search, &QLineEdit::textChanged, this, &ExamplesDialog::refilter);
    connect(m_list, &QListWidget::currentItemChanged, this, &ExamplesDialog::showPreview);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    refilter();
    m_search->setFocus();
}

void ExamplesDialog::setQuery(const QString& query)
{
    m_search->setText(query); // textChanged refilters
    refilter();
}

void ExamplesDialog::refilter()
{
    const QString q = m_search->text();
    int shown = 0;
    QListWidgetItem* firstShown = nullptr;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const bool hit = matches(m_entries[size_t(item->data(kIndexRole).toInt())], q);
        item->setHidden(!hit);
        if (hit) {
            ++shown;
            if (!firstShown)
                firstShown = item;
        }
    }
    m_count->setText(tr("%1 of %2").arg(shown).arg(m_list->count()));
    // Keep a visible selection so Enter opens what the preview shows.
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(firstShown);
    showPreview();
}

void ExamplesDialog::showPreview()
{
    QListWidgetItem* item = m_list->currentItem();
    const bool ok = item && !item->isHidden();
    m_open->setEnabled(ok);
    if (!ok) {
        m_preview->setPlainText(m_list->count() ? tr("No built-in scenario matches “%1”.").arg(m_search->text())
                                                : tr("There are no built-in scenarios."));
        return;
    }
    const ExampleEntry& e = m_entries[size_t(item->data(kIndexRole).toInt())];
    m_preview->setMarkdown(
        QStringLiteral("## %1\n\n*%2 — `%3`*\n\n%4").arg(e.title, e.kindTitles, e.fileName, notesMarkdown(e.notes)));
}

QStringList ExamplesDialog::visibleFiles() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        if (!m_list->item(i)->isHidden())
            out << m_entries[size_t(m_list->item(i)->data(kIndexRole).toInt())].fileName;
    return out;
}

QString ExamplesDialog::selectedPath() const
{
    QListWidgetItem* item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(kPathRole).toString() : QString();
}

} // namespace looplab::ui

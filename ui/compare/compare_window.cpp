#include "compare_window.h"

#include "charts/time_series_chart.h"
#include "compare/compare_model.h"
#include "compare/compare_runner.h"
#include "compare/value_edit.h"
#include "export/image_export.h"
#include "panels/panel_factory.h"
#include "report/report_writer.h"
#include "scenario/param_editor.h"
#include "theme.h"
#include "ui_text.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace looplab::ui::compare {

namespace {

QLabel* mutedLabel(const QString& text)
{
    auto* l = new QLabel(text);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

// "A" or "B" as a coloured badge, so the two columns of panels are told apart at a glance.
QString badge(int which)
{
    const QColor c = Theme::current().seriesColor(which);
    return QStringLiteral("<span style=\"background:%1; color:white\">&nbsp;<b>%2</b>&nbsp;</span>")
        .arg(c.name(), which == 0 ? QStringLiteral("A") : QStringLiteral("B"));
}

constexpr int kPanelMinHeight = 620;

double runSeconds(const engine::RunResult& r)
{
    return r.data.elapsedNs > 0 ? double(r.data.elapsedNs) * 1e-9 : r.wallS;
}

} // namespace

CompareWindow::CompareWindow(const scenario::Scenario& base, const engine::LabFactory& factory, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_base(base)
    , m_factory(factory)
    , m_runner(new CompareRunner(factory, this))
    , m_model(new CompareTableModel(this))
{
    setWindowTitle(tr("Compare A/B — %1").arg(base.title.isEmpty() ? base.sourcePath : localized(base.title)));
    m_params = comparableParams(m_base, m_factory);
    m_cpythonPairs = cpythonPairsFor(m_base.sourcePath);

    auto* root = new QVBoxLayout(this);
    buildSetupRow();
    root->addWidget(findChild<QGroupBox*>(QStringLiteral("compareSetup")));

    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(260);
    m_progress->setToolTip(tr("A runs first, then B"));
    m_status = new QLabel(tr("Choose a parameter and two values, then press “Run A, then B”."));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progressRow->addWidget(m_progress);
    progressRow->addWidget(m_status, 1);
    root->addLayout(progressRow);

    auto* split = new QSplitter(Qt::Vertical);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    auto* placeholder = new QLabel(tr("The two runs will appear here side by side, A on the left and B on the right, "
                                      "with the same time axis."));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_tabs->addTab(placeholder, tr("Runs"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { m_rerender.start(); });
    split->addWidget(m_tabs);

    auto* tableBox = new QWidget;
    auto* tl = new QVBoxLayout(tableBox);
    tl->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setAlternatingRowColors(true);
    m_table->setMinimumHeight(200); // the header and about six rows
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_table->setToolTip(tr("The summary metrics of both runs (summary.json), B divided by A"));
    tl->addWidget(m_table);
    auto* bottom = new QHBoxLayout;
    const QColor good = CompareTableModel::betterColor(), bad = CompareTableModel::worseColor();
    m_betterLegend = tr("<span style=\"color:%1\">■</span> B did better &nbsp; "
                        "<span style=\"color:%2\">■</span> B did worse &nbsp; "
                        "<b>bold</b>: the better value &nbsp; uncoloured: no better direction, or within 2 %")
                         .arg(good.name(), bad.name());
    m_legend = new QLabel(m_betterLegend);
    m_legend->setToolTip(tr("Throughput and speedup: higher is better; latency, lag and waits: lower is better"));
    bottom->addWidget(m_legend);
    m_hiddenNote = mutedLabel(QString());
    bottom->addWidget(m_hiddenNote, 1);
    m_exportPng = new QPushButton(tr("Export picture (PNG)…"));
    m_exportPng->setToolTip(tr("Save this window — both runs and the table — as a PNG image"));
    m_exportCsv = new QPushButton(tr("Export table (CSV)…"));
    m_exportCsv->setToolTip(tr("Save the metrics table (A, B, B/A) as CSV for a spreadsheet"));
    bottom->addWidget(m_exportPng);
    bottom->addWidget(m_exportCsv);
    tl->addLayout(bottom);
    split->addWidget(tableBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({720, 230});
    root->addWidget(split, 1);

    connect(m_exportPng, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export comparison picture"), suggestedName(QStringLiteral(".png")), tr("PNG images (*.png)"));
        if (!path.isEmpty())
            if (const QString e = exportPng(path); !e.isEmpty())
                QMessageBox::warning(this, tr("Export failed"), e);
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export comparison table"), suggestedName(QStringLiteral(".csv")), tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            if (const QString e = exportCsv(path); !e.isEmpty())
                QMessageBox::warning(this, tr("Export failed"), e);
    });

    connect(m_runner, &CompareRunner::progress, this, &CompareWindow::onProgress);
    connect(m_runner, &CompareRunner::finished, this, &CompareWindow::onFinished);
    connect(m_runner, &CompareRunner::failed, this, [this](const QString& m) {
        onEnded(m);
        Q_EMIT comparisonFailed(m);
    });
    connect(m_runner, &CompareRunner::stopped, this, [this] { onEnded(tr("Stopped.")); });

    m_rerender.setSingleShot(true);
    m_rerender.setInterval(50);
    connect(&m_rerender, &QTimer::timeout, this, &CompareWindow::renderPanels);

    // A built-in pair where there is one; otherwise the first choice-type parameter (executor,
    // mode, dispatch…), which is usually the lesson's question.
    bool chosen = false;
    if (auto preset = comparePresetFor(m_base.sourcePath)) {
        chosen = setVariants(preset->labId, preset->path, preset->a, preset->b);
        if (chosen)
            setDuration(preset->durationS);
    }
    // A real program has no parameter worth varying here: its question is how it compares with
    // the emulation.
    const bool python = std::any_of(m_base.labs.begin(), m_base.labs.end(),
        [](const scenario::LabConfig& l) { return l.kind == QLatin1String("python"); });
    if (!chosen && python && !m_cpythonPairs.empty())
        chosen = chooseCpython(0).isEmpty();
    if (!chosen) {
        auto it = std::find_if(m_params.begin(), m_params.end(),
            [](const CompareParam& p) { return p.spec->type == scenario::ParamType::Enum; });
        m_param->setCurrentIndex(it == m_params.end() ? 0 : int(it - m_params.begin()));
        onParamChosen();
        setDuration(std::min(m_base.durationS, 10.0));
    }
    updateButtons();
    // Two panels side by side need width: as much as a projector's screen gives, up to 1700.
    QSize size(1700, 1040);
    if (const QScreen* screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);
}

CompareWindow::~CompareWindow() = default;

void CompareWindow::buildSetupRow()
{
    auto* box = new QGroupBox(tr("What to compare"), this);
    box->setObjectName(QStringLiteral("compareSetup"));
    auto* grid = new QGridLayout(box);
    m_param = new QComboBox;
    m_param->setToolTip(tr("The one parameter that differs between run A and run B"));
    for (const CompareParam& p : m_params) {
        m_param->addItem(p.key());
        m_param->setItemData(m_param->count() - 1, paramTooltip(*p.spec), Qt::ToolTipRole);
    }
    m_param->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_param, &QComboBox::currentIndexChanged, this, &CompareWindow::onParamChosen);
    m_a = new ValueEdit;
    m_b = new ValueEdit;
    m_duration = new QDoubleSpinBox;
    m_duration->setRange(0.5, 3600);
    m_duration->setDecimals(1);
    m_duration->setSuffix(tr(" s"));
    m_duration->setToolTip(tr("How long each run lasts at most (scenario time); a run whose work is done ends sooner"));
    m_run = new QPushButton(tr("Run A, then B"));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Run variant A, then variant B, one after the other so each has the whole machine"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setToolTip(tr("Abandon the comparison"));
    connect(m_run, &QPushButton::clicked, this, [this] { startCompare(); });
    connect(m_stop, &QPushButton::clicked, this, &CompareWindow::stopCompare);

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("compareMode"));
    m_mode->setToolTip(tr("Compare two values of one parameter, or LoopLab's emulation of this course demo against "
                          "the real program under CPython"));
    m_mode->addItem(tr("one parameter"));
    for (const CpythonPair& p : m_cpythonPairs) {
        // Named by the course script B runs: event_loop_gather.json pairs with gather.py and create_task.py.
        m_mode->addItem(tr("LoopLab engine vs real CPython (%1)").arg(QFileInfo(p.pythonScenario).completeBaseName()));
        m_mode->setItemData(m_mode->count() - 1,
            tr("A: %1 on LoopLab's engine; B: %2 under /usr/bin/python3 with the probe%3")
                .arg(QFileInfo(p.looplabScenario).fileName(), QFileInfo(p.pythonScenario).fileName(),
                    p.pythonSet.isEmpty() ? QString()
                                          : QStringLiteral(" (%1)").arg(p.pythonSet.join(QStringLiteral(", ")))),
            Qt::ToolTipRole);
    }
    m_mode->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_mode->setVisible(!m_cpythonPairs.empty()); // nothing to choose otherwise
    connect(m_mode, &QComboBox::currentIndexChanged, this, &CompareWindow::onModeChosen);

    auto label = [](const QString& text, const QString& tip) {
        auto* l = new QLabel(text);
        l->setToolTip(tip);
        return l;
    };
    auto* modeLabel = label(tr("Compare"), m_mode->toolTip());
    modeLabel->setVisible(m_mode->isVisibleTo(box));
    grid->addWidget(modeLabel, 0, 0);
    grid->addWidget(m_mode, 0, 1);
    grid->addWidget(label(tr("Parameter"), m_param->toolTip()), 0, 2);
    grid->addWidget(m_param, 0, 3);
    grid->addWidget(label(badge(0), tr("The value of run A")), 0, 4);
    grid->addWidget(m_a, 0, 5);
    grid->addWidget(label(badge(1), tr("The value of run B")), 0, 6);
    grid->addWidget(m_b, 0, 7);
    grid->addWidget(label(tr("Each run"), m_duration->toolTip()), 0, 8);
    grid->addWidget(m_duration, 0, 9);
    grid->addWidget(m_run, 0, 10);
    grid->addWidget(m_stop, 0, 11);
    grid->setColumnStretch(12, 1);
    grid->addWidget(mutedLabel(tr("A runs first, then B — never both at once: two CPU-bound runs side by side would "
                                  "slow each other down and the comparison would measure that instead.")),
        1, 0, 1, 13);
}

QString CompareWindow::chooseCpython(int index)
{
    if (index >= int(m_cpythonPairs.size()))
        return tr("this scenario has no CPython pair %1").arg(index);
    const QSignalBlocker block(m_mode);
    m_mode->setCurrentIndex(index + 1);
    m_cpython.reset();
    if (index >= 0) {
        auto loaded = loadCpythonPair(m_cpythonPairs[size_t(index)], m_factory);
        if (auto* e = std::get_if<scenario::ScenarioError>(&loaded)) {
            m_mode->setCurrentIndex(0);
            m_status->setText(tr("Cannot load the pair: %1").arg(e->toString()));
            updateButtons();
            return e->toString();
        }
        m_cpython = std::get<LoadedPair>(std::move(loaded));
        m_status->setText(
            tr("A runs %1 on LoopLab's engine, then B runs %2 under real CPython; each as long as its "
               "own scenario (a program ends when it is done).")
                .arg(QFileInfo(m_cpython->looplab.sourcePath).fileName(), pairScriptName(m_cpython->python)));
    }
    updateButtons();
    return {};
}

void CompareWindow::onModeChosen()
{
    chooseCpython(m_mode->currentIndex() - 1);
}

void CompareWindow::onParamChosen()
{
    const int i = m_param->currentIndex();
    if (i < 0 || i >= int(m_params.size())) {
        m_a->setSpec(nullptr, {});
        m_b->setSpec(nullptr, {});
        return;
    }
    const CompareParam& p = m_params[size_t(i)];
    const ValuePair v = defaultValues(*p.spec, p.current);
    m_a->setSpec(p.spec, v.a);
    m_b->setSpec(p.spec, v.b);
}

bool CompareWindow::setVariants(const QString& labId, const QString& path, const QJsonValue& a, const QJsonValue& b)
{
    for (size_t i = 0; i < m_params.size(); ++i)
        if (m_params[i].labId == labId && m_params[i].path == path) {
            {
                const QSignalBlocker block(m_param);
                m_param->setCurrentIndex(int(i));
            }
            m_a->setSpec(m_params[i].spec, a);
            m_b->setSpec(m_params[i].spec, b);
            return true;
        }
    return false;
}

void CompareWindow::setDuration(double seconds)
{
    m_duration->setValue(seconds);
}

void CompareWindow::setAllowRemote(bool allow)
{
    m_runner->setAllowRemote(allow);
}

CompareSetup CompareWindow::currentSetup() const
{
    CompareSetup s;
    if (m_cpython) {
        s.base = m_cpython->looplab;
        s.cpython = m_cpython->python;
        s.durationS = 0; // each its own
        return s;
    }
    s.base = m_base;
    const int i = m_param->currentIndex();
    if (i >= 0 && i < int(m_params.size())) {
        s.labId = m_params[size_t(i)].labId;
        s.path = m_params[size_t(i)].path;
    }
    s.a = m_a->value();
    s.b = m_b->value();
    s.durationS = m_duration->value();
    return s;
}

QString CompareWindow::startCompare()
{
    const CompareSetup setup = currentSetup();
    if (setup.labId.isEmpty() && !setup.cpython)
        return tr("this scenario has no parameter to compare");
    Q_EMIT aboutToRun();
    const QString err = m_runner->start(setup);
    if (!err.isEmpty()) {
        m_status->setText(tr("Cannot run: %1").arg(err));
        return err;
    }
    updateButtons();
    return {};
}

void CompareWindow::stopCompare()
{
    m_runner->stop();
}

bool CompareWindow::isRunning() const
{
    return m_runner->isRunning();
}

QString CompareWindow::statusText() const
{
    return m_status->text();
}

void CompareWindow::onProgress(int variant, double elapsedS, double plannedS)
{
    const double planned = std::max(plannedS, 1e-3);
    const double done = std::clamp(elapsedS / planned, 0.0, 1.0);
    m_progress->setValue(int((variant + done) * 500));
    const CompareSetup& s = m_runner->setup();
    m_status->setText(tr("running %1 (%2): %3 / %4 s")
                          .arg(variant == 0 ? QStringLiteral("A") : QStringLiteral("B"), s.label(variant),
                              QString::number(elapsedS, 'f', 1), QString::number(planned, 'g', 4)));
}

void CompareWindow::onFinished()
{
    const auto a = m_runner->result(0);
    const auto b = m_runner->result(1);
    m_progress->setValue(1000);
    const CompareSetup& s = m_runner->setup();
    showResults(*a, *b, s.label(0), s.label(1));
    m_status->setText(tr("Done: A (%1) ran %2 s, B (%3) ran %4 s.")
                          .arg(s.label(0), QString::number(runSeconds(*a), 'f', 2), s.label(1),
                              QString::number(runSeconds(*b), 'f', 2)));
    updateButtons();
    Q_EMIT comparisonFinished();
}

void CompareWindow::onEnded(const QString& message)
{
    m_progress->setValue(0);
    m_status->setText(message);
    updateButtons();
}

void CompareWindow::showResults(
    const engine::RunResult& a, const engine::RunResult& b, const QString& labelA, const QString& labelB)
{
    m_pairs.clear();
    while (m_tabs->count()) {
        QWidget* w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
    m_snapA = std::make_shared<metrics::Snapshot>(a.data);
    m_snapB = std::make_shared<metrics::Snapshot>(b.data);
    // The same visible range for both: the longer of the two runs.
    m_toS = std::max({runSeconds(a), runSeconds(b), 0.1});

    // "LoopLab engine vs real CPython": B is another scenario (a python lab), lined up with A's
    // labs by place; a parameter comparison has the same labs on both sides.
    const auto isPython = [](const scenario::LabConfig& l) { return l.kind == QLatin1String("python"); };
    const bool againstCpython = std::any_of(b.scenario.labs.begin(), b.scenario.labs.end(), isPython)
        && std::none_of(a.scenario.labs.begin(), a.scenario.labs.end(), isPython);
    for (size_t i = 0; i < a.scenario.labs.size(); ++i) {
        const scenario::LabConfig& labA = a.scenario.labs[i];
        const scenario::LabConfig* labB = b.scenario.findLab(labA.id);
        if (!labB && againstCpython && !b.scenario.labs.empty())
            labB = &b.scenario.labs[std::min(i, b.scenario.labs.size() - 1)];
        // Panels keep a readable height and scroll on a small screen, so the table below always
        // has room.
        auto* page = new QScrollArea;
        page->setWidgetResizable(true);
        page->setFrameShape(QFrame::NoFrame);
        auto* inner = new QWidget;
        inner->setMinimumHeight(kPanelMinHeight);
        page->setWidget(inner);
        auto* grid = new QGridLayout(inner);
        grid->setContentsMargins(4, 4, 4, 4);
        grid->setHorizontalSpacing(12);
        const std::array<std::pair<const engine::RunResult*, QString>, 2> runs{{{&a, labelA}, {&b, labelB}}};
        std::array<LabPanel*, 2> panels{};
        for (int which = 0; which < 2; ++which) {
            auto* head = new QLabel(
                QStringLiteral("%1 &nbsp;<b>%2</b> &nbsp;·&nbsp; %3")
                    .arg(badge(which), runs[size_t(which)].second.toHtmlEscaped(),
                        tr("ran %1 s").arg(QString::number(runSeconds(*runs[size_t(which)].first), 'f', 2))));
            head->setToolTip(which == 0 ? tr("Run A") : tr("Run B"));
            grid->addWidget(head, 0, which);
            panels[size_t(which)] = createLabPanel(which == 0 || !labB ? labA : *labB);
            grid->addWidget(panels[size_t(which)], 1, which);
        }
        grid->setColumnStretch(0, 1);
        grid->setColumnStretch(1, 1);
        grid->setRowStretch(1, 1);
        const scenario::KindSpec* kind = m_factory.find(labA.kind);
        QString title = kind ? QStringLiteral("%1 — %2").arg(labA.id, localizedKindTitle(*kind)) : labA.id;
        if (labB && labB->kind != labA.kind)
            if (const scenario::KindSpec* kindB = m_factory.find(labB->kind))
                title += tr(" vs %1 — %2").arg(labB->id, localizedKindTitle(*kindB));
        m_tabs->addTab(page, title);
        m_pairs.append(std::make_pair(panels[0], panels[1]));
    }

    if (againstCpython) {
        // Only what both measured, on one row each (wall_s, lag, CPU cores, GIL…).
        const SharedMetrics shared = sharedMetrics(report::labSummaries(a.data), report::labSummaries(b.data));
        m_model->setRuns(shared.looplab, shared.python, labelA, labelB);
    } else {
        m_model->setRuns(report::labSummaries(a.data), report::labSummaries(b.data), labelA, labelB);
    }
    m_model->setAgreementMode(againstCpython);
    m_legend->setText(againstCpython ? tr("A: LoopLab's emulation, B: the real program under CPython. Only the "
                                          "metrics both measure; B / A near 1: they agree (make fidelity: ±10 %).")
                                     : m_betterLegend);
    // Columns as wide as their contents: numbers stay next to their names instead of drifting to
    // the far edge of a stretched column.
    m_table->resizeColumnsToContents();
    for (int c : {int(CompareTableModel::AColumn), int(CompareTableModel::BColumn)})
        m_table->setColumnWidth(c, std::max(m_table->columnWidth(c), 160));
    m_table->setColumnWidth(
        CompareTableModel::RatioColumn, std::max(m_table->columnWidth(CompareTableModel::RatioColumn), 90));
    m_hiddenNote->setText(m_model->hiddenRows() > 0
            ? tr("%n metric(s) that are 0 in both runs are not listed.", "", m_model->hiddenRows())
            : QString());
    renderPanels();
    m_rerender.start(); // again once the new widgets have their sizes
    updateButtons();
}

void CompareWindow::renderPanels()
{
    if (!m_snapA || !m_snapB)
        return;
    auto frame = [this](LabPanel* p, const metrics::SnapshotPtr& snap) {
        PanelFrame f;
        f.snapshot = snap;
        f.lab = snap->findLab(p->labId());
        if (f.lab && f.lab->kind != p->kind())
            f.lab = nullptr;
        f.fromS = 0;
        f.toS = m_toS;
        p->showFrame(f);
    };
    for (const auto& [pa, pb] : m_pairs) {
        // Chart pairs: the same chart (by place and title) in A's and B's panel.
        std::vector<std::pair<TimeSeriesChart*, TimeSeriesChart*>> charts;
        const QList<QWidget*> ca = pa->charts(), cb = pb->charts();
        for (int i = 0; i < std::min(ca.size(), cb.size()); ++i) {
            auto* x = qobject_cast<TimeSeriesChart*>(ca[i]);
            auto* y = qobject_cast<TimeSeriesChart*>(cb[i]);
            if (x && y && x->title() == y->title())
                charts.emplace_back(x, y);
        }
        // First each chart finds its own range, then both get the larger one.
        for (auto [x, y] : charts) {
            x->setFixedYMax(0);
            y->setFixedYMax(0);
        }
        frame(pa, m_snapA);
        frame(pb, m_snapB);
        if (charts.empty())
            continue;
        for (auto [x, y] : charts) {
            const double top = std::max(x->yMax(), y->yMax());
            x->setFixedYMax(top);
            y->setFixedYMax(top);
        }
        frame(pa, m_snapA);
        frame(pb, m_snapB);
    }
}

void CompareWindow::updateButtons()
{
    const bool running = isRunning();
    const bool cpython = m_cpython.has_value();
    m_run->setEnabled(!running && (cpython || !m_params.empty()));
    m_stop->setEnabled(running);
    m_mode->setEnabled(!running);
    m_param->setEnabled(!running && !cpython);
    m_a->setEnabled(!running && !cpython);
    m_b->setEnabled(!running && !cpython);
    m_duration->setEnabled(!running && !cpython);
    const bool have = !m_pairs.isEmpty();
    m_exportPng->setEnabled(have && !running);
    m_exportCsv->setEnabled(have && !running);
}

QString CompareWindow::suggestedName(const QString& suffix) const
{
    const CompareSetup s = currentSetup();
    QString name = s.cpython
        ? QStringLiteral("compare_cpython_%1").arg(QFileInfo(s.cpython->sourcePath).completeBaseName())
        : QStringLiteral("compare_%1_%2").arg(s.labId, s.path);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]+")), QStringLiteral("_"));
    return name + suffix;
}

QString CompareWindow::exportPng(const QString& path, double scale)
{
    return savePng(this, path, scale);
}

QString CompareWindow::exportCsv(const QString& path)
{
    return writeCompareCsv(*m_model, path);
}

void CompareWindow::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_rerender.start(); // charts thin their series to their new width
}

void CompareWindow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // View → Theme in the main window sets the application palette: follow it.
    if (event->type() == QEvent::PaletteChange) {
        for (const auto& [pa, pb] : m_pairs) {
            pa->applyTheme();
            pb->applyTheme();
        }
        m_rerender.start();
    }
}

void CompareWindow::closeEvent(QCloseEvent* event)
{
    m_runner->stop(); // ~CompareRunner joins the engine thread
    QWidget::closeEvent(event);
}

} // namespace looplab::ui::compare

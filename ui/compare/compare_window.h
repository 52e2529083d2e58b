#pragma once
// Run → Compare A/B…: the open scenario run twice with one parameter changed (threads vs
// processes, pool size 2 vs 8…), one run after the other, then shown side by side: for each lab
// the same panel for A and for B over the same time range (and the same y range per chart pair),
// and a table of the summary metrics with B/A. Exports the picture (PNG) and the table (CSV).
#include "compare/compare_setup.h"
#include "compare/cpython_pair.h"
#include "engine/engine.h"

#include <QTimer>
#include <QWidget>

#include <optional>
#include <utility>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace looplab::ui {
class LabPanel;
}

namespace looplab::ui::compare {

class CompareRunner;
class CompareTableModel;
class ValueEdit;

class CompareWindow : public QWidget
{
    Q_OBJECT
public:
    // `base` is copied: later edits in the main window do not change a comparison.
    CompareWindow(const scenario::Scenario& base, const engine::LabFactory& factory, QWidget* parent = nullptr);
    ~CompareWindow() override;

    // Pick the parameter ("fib", "executor") and its two values; false when the scenario has no
    // such parameter.
    bool setVariants(const QString& labId, const QString& path, const QJsonValue& a, const QJsonValue& b);
    // "LoopLab engine vs real CPython": the pairs the open scenario takes part in (pairs.json), and
    // choosing one (index into cpythonPairs()); -1 goes back to comparing one parameter. Returns
    // the loader's message when a scenario of the pair does not load, or "".
    const std::vector<CpythonPair>& cpythonPairs() const { return m_cpythonPairs; }
    QString chooseCpython(int index);
    bool cpythonChosen() const { return m_cpython.has_value(); }
    void setDuration(double seconds); // scenario time of each run
    void setAllowRemote(bool allow); // --allow-remote (or the window's confirmation) for both runs
    CompareSetup currentSetup() const;

    // Runs A, then B. Returns an error message (a value the loader rejects), or "".
    QString startCompare();
    void stopCompare();
    bool isRunning() const;

    // Two finished runs side by side (what a comparison ends with).
    void showResults(
        const engine::RunResult& a, const engine::RunResult& b, const QString& labelA, const QString& labelB);

    CompareTableModel* model() const { return m_model; }
    QList<std::pair<LabPanel*, LabPanel*>> panelPairs() const { return m_pairs; }
    double visibleToS() const { return m_toS; }
    QString statusText() const;

    // Each returns an error message, or "" (also what the buttons call).
    QString exportPng(const QString& path, double scale = 1.0);
    QString exportCsv(const QString& path);

Q_SIGNALS:
    void aboutToRun(); // the main window stops its own run: A and B get the machine to themselves
    void comparisonFinished();
    void comparisonFailed(const QString& message);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildSetupRow();
    void onParamChosen();
    void onModeChosen();
    void onProgress(int variant, double elapsedS, double plannedS);
    void onFinished();
    void onEnded(const QString& message);
    void renderPanels();
    void updateButtons();
    QString suggestedName(const QString& suffix) const;

    scenario::Scenario m_base;
    const engine::LabFactory& m_factory;
    std::vector<CompareParam> m_params;
    std::vector<CpythonPair> m_cpythonPairs;
    std::optional<LoadedPair> m_cpython; // the chosen pair, loaded
    CompareRunner* m_runner;
    CompareTableModel* m_model;

    QComboBox* m_mode = nullptr; // one parameter, or one "LoopLab engine vs real CPython" per pair
    QComboBox* m_param = nullptr;
    ValueEdit* m_a = nullptr;
    ValueEdit* m_b = nullptr;
    QDoubleSpinBox* m_duration = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_exportPng = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_hiddenNote = nullptr;
    QLabel* m_legend = nullptr; // what the table's colours mean (or, against CPython, that it has none)
    QString m_betterLegend;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_table = nullptr;

    QList<std::pair<LabPanel*, LabPanel*>> m_pairs;
    metrics::SnapshotPtr m_snapA, m_snapB;
    double m_toS = 0;
    QTimer m_rerender; // coalesces re-renders after resizes
};

} // namespace looplab::ui::compare

#include "presenter_mode.h"

#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <array>
#include <cmath>

namespace looplab::ui {

namespace {
constexpr int kHintMs = 3500;
}

PresenterMode::PresenterMode(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    m_toggle = new QAction(tr("&Presenter mode"), this);
    m_toggle->setObjectName(QStringLiteral("presenterModeAction"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_toggle->setToolTip(tr("Full screen, high contrast, large fonts and thick lines, no menus: for a projector "
                            "(Ctrl+Shift+P; Esc leaves)"));
    connect(m_toggle, &QAction::toggled, this, &PresenterMode::setActive);

    m_full = new QAction(tr("&Full screen"), this);
    m_full->setObjectName(QStringLiteral("fullScreenAction"));
    m_full->setCheckable(true);
    m_full->setShortcut(QKeySequence(Qt::Key_F11));
    m_full->setToolTip(tr("Fill the screen with the window (F11); in presenter mode F11 leaves presenter mode"));
    connect(m_full, &QAction::triggered, this, [this](bool on) {
        if (m_active && !on)
            setActive(false); // F11 in presenter mode: back to the window as it was
        else
            setFullScreen(on);
    });

    // Esc only while presenting: elsewhere it belongs to dialogs and editors.
    m_exit = new QAction(tr("Leave presenter mode"), this);
    m_exit->setObjectName(QStringLiteral("leavePresenterAction"));
    m_exit->setShortcut(QKeySequence(Qt::Key_Escape));
    m_exit->setEnabled(false);
    connect(m_exit, &QAction::triggered, this, [this] { setActive(false); });

    m_slower = new QAction(tr("Slower (time scale up)"), this);
    m_slower->setObjectName(QStringLiteral("slowerAction"));
    m_slower->setShortcuts(
        {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence(Qt::KeypadModifier | Qt::Key_Plus)});
    m_slower->setToolTip(tr("Slow motion: the next time scale up, ×1 → ×2 → ×5 → ×10… (+); the run restarts"));
    connect(m_slower, &QAction::triggered, this, [this] { stepTimeScale(+1); });
    m_faster = new QAction(tr("Faster (time scale down)"), this);
    m_faster->setObjectName(QStringLiteral("fasterAction"));
    m_faster->setShortcuts({QKeySequence(Qt::Key_Minus), QKeySequence(Qt::KeypadModifier | Qt::Key_Minus)});
    m_faster->setToolTip(
        tr("Back towards real time: the next time scale down, ×10 → ×5 → ×2 → ×1… (−); the run restarts"));
    connect(m_faster, &QAction::triggered, this, [this] { stepTimeScale(-1); });

    // On the window itself, so the shortcuts work with the menu bar hidden.
    for (QAction* a : {m_toggle, m_full, m_exit, m_slower, m_faster})
        window->addAction(a);
    window->installEventFilter(this);
}

PresenterMode::~PresenterMode()
{
    if (!m_active)
        return;
    Theme::setKind(m_saved.kind);
    Theme::setFontScale(m_saved.fontScale);
    Theme::setLineScale(m_saved.lineScale);
    QApplication::setFont(m_saved.appFont);
}

double PresenterMode::nextTimeScale(double current, int direction)
{
    static const std::array<double, 13> ladder{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    constexpr double eps = 1e-9;
    if (direction > 0) {
        for (double v : ladder)
            if (v > current + eps)
                return v;
        return ladder.back();
    }
    for (auto it = ladder.rbegin(); it != ladder.rend(); ++it)
        if (*it < current - eps)
            return *it;
    return ladder.front();
}

void PresenterMode::stepTimeScale(int direction)
{
    auto* box = m_window->findChild<QDoubleSpinBox*>(QStringLiteral("timeScale"));
    if (!box || !box->isEnabled())
        return;
    // Through the spin box: the same path as typing a value (document edit, undo, restart).
    const double next = std::clamp(nextTimeScale(box->value(), direction), box->minimum(), box->maximum());
    if (next != box->value())
        box->setValue(next);
}

void PresenterMode::setFullScreen(bool on)
{
    const Qt::WindowStates s = m_window->windowState();
    m_window->setWindowState(on ? (s | Qt::WindowFullScreen) : (s & ~Qt::WindowFullScreen));
    const QSignalBlocker b(m_full);
    m_full->setChecked(on);
}

void PresenterMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    if (on) {
        const Theme& t = Theme::current();
        m_saved.windowState = m_window->windowState();
        m_saved.dockState = m_window->saveState();
        m_saved.geometry = m_window->saveGeometry();
        m_saved.menuBar = m_window->menuBar()->isVisible() || !m_window->isVisible();
        m_saved.statusBar = m_window->statusBar()->isVisible() || !m_window->isVisible();
        m_saved.kind = t.kind();
        m_saved.fontScale = t.fontScale();
        m_saved.lineScale = t.lineScale();
        m_saved.appFont = QApplication::font();

        m_window->menuBar()->hide();
        m_window->statusBar()->hide();
        for (QToolBar* tb : m_window->findChildren<QToolBar*>())
            tb->hide();
        for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
            d->hide();
        Theme::setKind(Theme::Kind::HighContrast);
        Theme::setFontScale(kFontScale);
        Theme::setLineScale(kLineScale);
        QFont big = m_saved.appFont;
        if (big.pointSizeF() > 0)
            big.setPointSizeF(big.pointSizeF() * kFontScale);
        else
            big.setPixelSize(int(std::lround(big.pixelSize() * kFontScale)));
        QApplication::setFont(big);
        m_window->refreshTheme();
        setFullScreen(true);
        showHint();
    } else {
        Theme::setKind(m_saved.kind);
        Theme::setFontScale(m_saved.fontScale);
        Theme::setLineScale(m_saved.lineScale);
        QApplication::setFont(m_saved.appFont);
        m_window->refreshTheme();
        m_window->menuBar()->setVisible(m_saved.menuBar);
        m_window->statusBar()->setVisible(m_saved.statusBar);
        m_window->setWindowState(m_saved.windowState);
        if (!m_saved.windowState.testFlag(Qt::WindowFullScreen))
            m_window->restoreGeometry(m_saved.geometry);
        // The docks' sizes are relative to the window as laid out with the normal fonts and the
        // menu and status bars back: settle that layout first, then put the docks back.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        m_window->restoreState(m_saved.dockState);
        // Once more when the window system has answered the state change (1-px rounding of the
        // dock splitter otherwise).
        QTimer::singleShot(0, m_window, [w = m_window, state = m_saved.dockState] { w->restoreState(state); });
        {
            const QSignalBlocker b(m_full);
            m_full->setChecked(m_saved.windowState.testFlag(Qt::WindowFullScreen));
        }
        if (m_hint)
            m_hint->hide();
    }
    m_exit->setEnabled(on);
    {
        const QSignalBlocker b(m_toggle);
        m_toggle->setChecked(on);
    }
    Q_EMIT activeChanged(on);
}

void PresenterMode::showHint()
{
    // A moment's reminder of the way out, since the menus are gone.
    if (!m_hint) {
        m_hint = new QLabel(m_window);
        m_hint->setObjectName(QStringLiteral("presenterHint"));
        m_hint->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_hint->setMargin(10);
    }
    const Theme& t = Theme::current();
    m_hint->setText(tr("Presenter mode — Esc or Ctrl+Shift+P leaves · Space pauses · R restarts · + / − time scale"));
    m_hint->setFont(t.baseFont());
    m_hint->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(20,20,20,230); color: white; border: 2px solid %1; border-radius: 6px; }")
                              .arg(t.seriesColor(1).name()));
    m_hint->adjustSize();
    m_hint->move(std::max(0, (m_window->width() - m_hint->width()) / 2), 16);
    m_hint->raise();
    m_hint->show();
    QTimer::singleShot(kHintMs, m_hint, &QWidget::hide);
}

bool PresenterMode::eventFilter(QObject* watched, QEvent* event)
{
    // Closing while presenting: leave presenter mode first, so the window saves its own layout
    // (docks, menus, size), not the presenter's.
    if (watched == m_window && event->type() == QEvent::Close && m_active)
        setActive(false);
    // Full screen changed some other way (the window manager): keep F11's check mark true.
    if (watched == m_window && event->type() == QEvent::WindowStateChange) {
        const bool full = m_window->windowState().testFlag(Qt::WindowFullScreen);
        const QSignalBlocker b(m_full);
        m_full->setChecked(full);
        if (m_hint && m_hint->isVisible())
            m_hint->move(std::max(0, (m_window->width() - m_hint->width()) / 2), 16);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace looplab::ui

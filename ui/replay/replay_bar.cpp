#include "replay_bar.h"

#include "replay/player.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace looplab::ui {

namespace {

QString seconds(qint64 ns)
{
    return QString::number(double(ns) * 1e-9, 'f', 1);
}

QToolButton* button(QStyle::StandardPixmap icon, const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    return b;
}

} // namespace

ReplayBar::ReplayBar(replay::Player* player, const QString& path, QWidget* parent)
    : QWidget(parent)
    , m_player(player)
{
    setObjectName(QStringLiteral("replayBar"));
    // What is on screen is a recording, not a live run: say so first, in bold, with the file.
    m_file = new QLabel(tr("<b>Replay:</b> %1").arg(QFileInfo(path).fileName().toHtmlEscaped()), this);
    m_file->setObjectName(QStringLiteral("replayFile"));
    m_file->setToolTip(
        tr("The window shows a run recorded in %1, not a live one: the engine is not running").arg(path));

    m_play = button(QStyle::SP_MediaPlay, tr("Play"), tr("Play the recording, or pause it (Space)"), this);
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_back = button(QStyle::SP_MediaSeekBackward, QString(),
        tr("Step back one frame (33 ms of playback at the chosen speed)"), this);
    m_back->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_back->setObjectName(QStringLiteral("replayBack"));
    m_forward = button(QStyle::SP_MediaSeekForward, QString(),
        tr("Step forward one frame (33 ms of playback at the chosen speed)"), this);
    m_forward->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_forward->setObjectName(QStringLiteral("replayForward"));

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setRange(0, toSliderValue(player->durationNs()));
    m_slider->setSingleStep(100);
    m_slider->setPageStep(std::max(1, toSliderValue(player->durationNs()) / 10));
    m_slider->setToolTip(tr("Drag to any moment of the recorded run"));
    m_slider->setMinimumWidth(200);

    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("replayTime"));
    m_time->setToolTip(tr("Position in the recorded run / its length, in seconds of run time"));
    // Wide enough for the longest text, so the slider does not jump while the numbers change.
    QString widest = seconds(player->durationNs());
    for (QChar& c : widest)
        if (c.isDigit())
            c = QLatin1Char('8');
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(tr("%1 s / %2 s").arg(widest, widest)) + 8);
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* speedLabel = new QLabel(tr("speed"), this);
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (double s : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0})
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setCurrentIndex(m_speed->findData(player->speed()));
    m_speed->setToolTip(tr("Playback speed: 1× plays the run as fast as it happened, 0.25× in slow motion"));
    speedLabel->setToolTip(m_speed->toolTip());

    m_close = button(QStyle::SP_DialogCloseButton, tr("Close replay"),
        tr("End the replay and go back to the scenario that was open"), this);
    m_close->setObjectName(QStringLiteral("replayClose"));

    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(6, 2, 6, 2);
    l->addWidget(m_file);
    l->addSpacing(12);
    l->addWidget(m_back);
    l->addWidget(m_play);
    l->addWidget(m_forward);
    l->addWidget(m_slider, 1);
    l->addWidget(m_time);
    l->addSpacing(12);
    l->addWidget(speedLabel);
    l->addWidget(m_speed);
    l->addSpacing(12);
    l->addWidget(m_close);

    connect(m_play, &QToolButton::clicked, player, &replay::Player::togglePlay);
    connect(m_back, &QToolButton::clicked, player, [player] { player->step(-1); });
    connect(m_forward, &QToolButton::clicked, player, [player] { player->step(1); });
    connect(m_slider, &QSlider::valueChanged, player, [player](int ms) { player->seek(qint64(ms) * 1'000'000); });
    // Dragging while it plays would fight the timer: hold playback while the handle is held.
    connect(m_slider, &QSlider::sliderPressed, this, [this] {
        m_slider->setProperty("resume", m_player->isPlaying());
        m_player->pause();
    });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        if (m_slider->property("resume").toBool())
            m_player->play();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, player,
        [this] { m_player->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_close, &QToolButton::clicked, this, &ReplayBar::closeRequested);

    connect(player, &replay::Player::positionChanged, this, &ReplayBar::showPosition);
    connect(player, &replay::Player::playingChanged, this, &ReplayBar::showPlaying);
    connect(player, &replay::Player::speedChanged, this, [this](double s) {
        const QSignalBlocker b(m_speed);
        const int i = m_speed->findData(s);
        if (i >= 0)
            m_speed->setCurrentIndex(i);
    });
    showPosition(player->positionNs());
    showPlaying(player->isPlaying());
}

QString ReplayBar::timeText() const
{
    return m_time->text();
}

void ReplayBar::showPosition(qint64 tNs)
{
    m_time->setText(tr("%1 s / %2 s").arg(seconds(tNs), seconds(m_player->durationNs())));
    const QSignalBlocker b(m_slider);
    m_slider->setValue(toSliderValue(tNs));
}

void ReplayBar::showPlaying(bool playing)
{
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setShortcut(QKeySequence(Qt::Key_Space)); // after setText, which resets it to a mnemonic
}

} // namespace looplab::ui

#include "theme.h"

#include "ui_text.h"

#include <QCoreApplication>

#include <array>
#include <memory>

namespace looplab::ui {

namespace {
std::unique_ptr<Theme>& instance()
{
    static std::unique_ptr<Theme> theme;
    return theme;
}
Theme::Kind g_kind = Theme::Kind::Light;
double g_scale = 1.0;
double g_lineScale = 1.0;
} // namespace

const Theme& Theme::current()
{
    auto& t = instance();
    if (!t)
        t.reset(new Theme(g_kind, g_scale, g_lineScale));
    return *t;
}

void Theme::setKind(Kind kind)
{
    g_kind = kind;
    instance().reset(new Theme(g_kind, g_scale, g_lineScale));
}

void Theme::setFontScale(double scale)
{
    g_scale = scale;
    instance().reset(new Theme(g_kind, g_scale, g_lineScale));
}

void Theme::setLineScale(double scale)
{
    g_lineScale = scale;
    instance().reset(new Theme(g_kind, g_scale, g_lineScale));
}

Theme::Theme(Kind kind, double fontScale, double lineScale)
    : m_kind(kind)
    , m_fontScale(fontScale)
    , m_lineScale(lineScale)
{
    if (kind == Kind::HighContrast) {
        // Pure black and white; the grid stays visible but well below the data.
        background = QColor(0x00, 0x00, 0x00);
        surface = QColor(0x00, 0x00, 0x00);
        text = QColor(0xff, 0xff, 0xff);
        mutedText = QColor(0xd8, 0xd8, 0xd8);
        grid = QColor(0x4a, 0x4a, 0x4a);
        axis = QColor(0xc8, 0xc8, 0xc8);
        idleFill = QColor(0x2c, 0x2c, 0x2c);
        alert = QColor(0xff, 0x33, 0x33);
        hover = QColor(0xff, 0xff, 0xff, 200);
    } else if (kind == Kind::Dark) {
        background = QColor(0x1e, 0x22, 0x27);
        surface = QColor(0x2a, 0x2e, 0x34);
        text = QColor(0xe8, 0xea, 0xed);
        mutedText = QColor(0xa0, 0xa6, 0xae);
        grid = QColor(0x3c, 0x42, 0x4a);
        axis = QColor(0x8a, 0x90, 0x98);
        idleFill = QColor(0x36, 0x3b, 0x42);
        alert = QColor(0xff, 0x4d, 0x4d);
        hover = QColor(0xff, 0xff, 0xff, 160);
    } else {
        background = QColor(0xff, 0xff, 0xff);
        surface = QColor(0xf4, 0xf5, 0xf7);
        text = QColor(0x1f, 0x23, 0x28);
        mutedText = QColor(0x5f, 0x66, 0x6d);
        grid = QColor(0xe3, 0xe6, 0xea);
        axis = QColor(0x8c, 0x93, 0x9a);
        idleFill = QColor(0xec, 0xee, 0xf1);
        alert = QColor(0xc0, 0x00, 0x18);
        hover = QColor(0x20, 0x20, 0x20, 150);
    }
}

QColor Theme::stateColor(metrics::LaneState state) const
{
    // Okabe–Ito based: distinguishable with the common colour-vision deficiencies.
    using S = metrics::LaneState;
    if (isHighContrast()) {
        // The same hues, saturated and lightened for black; brown would vanish, so IPC is yellow.
        switch (state) {
        case S::Idle:
            return idleFill;
        case S::Running:
            return QColor(0x00, 0xd8, 0x9c);
        case S::GilWait:
            return QColor(0xff, 0xb0, 0x00);
        case S::IoWait:
            return QColor(0x5c, 0xc8, 0xff);
        case S::QueueBlocked:
            return QColor(0xff, 0x8a, 0xd0);
        case S::Ipc:
            return QColor(0xf0, 0xe4, 0x42);
        case S::Blocking:
            return QColor(0xff, 0x5a, 0x1a);
        case S::Done:
            return QColor(0x70, 0x70, 0x70);
        case S::Count_:
            break;
        }
        return mutedText;
    }
    switch (state) {
    case S::Idle:
        return idleFill;
    case S::Running:
        return QColor(0x00, 0x9e, 0x73); // bluish green: doing work
    case S::GilWait:
        return QColor(0xe6, 0x9f, 0x00); // orange: wants the GIL
    case S::IoWait:
        return QColor(0x56, 0xb4, 0xe9); // sky blue: awaiting I/O
    case S::QueueBlocked:
        return QColor(0xcc, 0x79, 0xa7); // purple: blocked on a queue
    case S::Ipc:
        return QColor(0x8c, 0x6d, 0x31); // brown: talking to a process
    case S::Blocking:
        return QColor(0xd5, 0x5e, 0x00); // vermillion: a blocking call on the loop
    case S::Done:
        return isDark() ? QColor(0x55, 0x5b, 0x63) : QColor(0xb0, 0xb5, 0xba);
    case S::Count_:
        break;
    }
    return mutedText;
}

QColor Theme::seriesColor(int index) const
{
    static const std::array<QColor, 8> light{QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
        QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00),
        QColor(0x8c, 0x6d, 0x31), QColor(0x44, 0x44, 0x44)};
    static const std::array<QColor, 8> dark{QColor(0x4d, 0xa3, 0xe0), QColor(0xf0, 0xb4, 0x2e),
        QColor(0x2e, 0xc4, 0x96), QColor(0xe0, 0x97, 0xc0), QColor(0x8c, 0xd0, 0xf5), QColor(0xf0, 0x7e, 0x2e),
        QColor(0xc8, 0xa8, 0x6a), QColor(0xd0, 0xd0, 0xd0)};
    // Okabe–Ito order again, every colour at full saturation and bright enough for black.
    static const std::array<QColor, 8> contrast{QColor(0x4d, 0xb8, 0xff), QColor(0xff, 0xb0, 0x00),
        QColor(0x00, 0xe0, 0xa0), QColor(0xff, 0x8a, 0xd0), QColor(0xa8, 0xe8, 0xff), QColor(0xff, 0x6a, 0x1a),
        QColor(0xf0, 0xe4, 0x42), QColor(0xff, 0xff, 0xff)};
    const auto& p = isHighContrast() ? contrast : isDark() ? dark : light;
    return p[size_t(((index % 8) + 8) % 8)];
}

int Theme::seriesColorIndex(const QColor& color) const
{
    // Any theme's palette: the colour was chosen under the theme that was current then.
    for (Kind k : {m_kind, Kind::Light, Kind::Dark, Kind::HighContrast}) {
        const Theme other(k, m_fontScale, m_lineScale);
        for (int i = 0; i < 8; ++i)
            if (other.seriesColor(i) == color)
                return i;
    }
    return -1;
}

QColor Theme::markColor(const QString& markName) const
{
    if (markName == QLatin1String("slow_callback") || markName.contains(QLatin1String("error"))
        || markName.contains(QLatin1String("fail")))
        return alert;
    if (markName.startsWith(QLatin1String("blocking")))
        return stateColor(metrics::LaneState::Blocking);
    if (markName.startsWith(QLatin1String("parameter")))
        return isHighContrast() ? QColor(0xb8, 0xc0, 0xff)
            : isDark()          ? QColor(0x9f, 0xa8, 0xff)
                                : QColor(0x3b, 0x4c, 0xc0);
    return mutedText;
}

static QFont scaled(double pt, bool bold, double scale)
{
    QFont f;
    f.setPointSizeF(pt * scale);
    f.setBold(bold);
    return f;
}

QFont Theme::baseFont() const
{
    return scaled(10.5, false, m_fontScale);
}
QFont Theme::axisFont() const
{
    return scaled(9.5, false, m_fontScale);
}
QFont Theme::axisTitleFont() const
{
    QFont f = scaled(9.5, false, m_fontScale);
    // Chinese: a CJK family first. Qt Charts reserves a squeezed axis title's space by measuring
    // "..." in the title font; in a Latin font that line is lower than a line of Chinese glyphs
    // (which come from the fallback font), and every Chinese y-axis title became "…".
    if (uiIsChinese())
        f.setFamilies({QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Source Han Sans SC"),
            QStringLiteral("WenQuanYi Micro Hei"), f.family()});
    return f;
}
QFont Theme::titleFont() const
{
    return scaled(11, true, m_fontScale);
}
QFont Theme::headlineFont() const
{
    return scaled(16, true, m_fontScale);
}

QPalette Theme::palette() const
{
    QPalette p;
    if (isHighContrast()) {
        p.setColor(QPalette::Window, surface);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, background);
        p.setColor(QPalette::AlternateBase, QColor(0x16, 0x16, 0x16));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x1a, 0x1a, 0x1a));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::ToolTipBase, QColor(0x00, 0x00, 0x00));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::Highlight, QColor(0xff, 0xd4, 0x00));
        p.setColor(QPalette::HighlightedText, Qt::black);
        p.setColor(QPalette::PlaceholderText, mutedText);
        p.setColor(QPalette::Link, QColor(0x80, 0xc8, 0xff));
        p.setColor(QPalette::Light, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
        p.setColor(QPalette::Dark, QColor(0x40, 0x40, 0x40));
        p.setColor(QPalette::Disabled, QPalette::Text, mutedText);
        p.setColor(QPalette::Disabled, QPalette::WindowText, mutedText);
        p.setColor(QPalette::Disabled, QPalette::ButtonText, mutedText);
    } else if (isDark()) {
        p.setColor(QPalette::Window, surface);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, background);
        p.setColor(QPalette::AlternateBase, QColor(0x30, 0x35, 0x3b));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x34, 0x39, 0x40));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x35, 0x3b));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb8));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::PlaceholderText, mutedText);
        p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
        p.setColor(QPalette::Disabled, QPalette::Text, mutedText);
        p.setColor(QPalette::Disabled, QPalette::WindowText, mutedText);
        p.setColor(QPalette::Disabled, QPalette::ButtonText, mutedText);
    } else {
        p.setColor(QPalette::Window, surface);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, background);
        p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf9));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0xfa, 0xfb, 0xfc));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xf0));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, mutedText);
    }
    return p;
}

QString laneStateLabel(metrics::LaneState state)
{
    using S = metrics::LaneState;
    switch (state) {
    case S::Idle:
        return QCoreApplication::translate("LaneState", "idle");
    case S::Running:
        return QCoreApplication::translate("LaneState", "running");
    case S::GilWait:
        return QCoreApplication::translate("LaneState", "waiting for the GIL");
    case S::IoWait:
        return QCoreApplication::translate("LaneState", "awaiting I/O");
    case S::QueueBlocked:
        return QCoreApplication::translate("LaneState", "blocked on a queue");
    case S::Ipc:
        return QCoreApplication::translate("LaneState", "IPC with a process");
    case S::Blocking:
        return QCoreApplication::translate("LaneState", "blocking call");
    case S::Done:
        return QCoreApplication::translate("LaneState", "done");
    case S::Count_:
        break;
    }
    return QString();
}

} // namespace looplab::ui

#pragma once
// Every colour and font the window uses, in one place, so a lane state or a series has the same
// colour in every panel and a presenter theme (issue 8) only has to change this file.
#include "metrics/event.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

namespace looplab::ui {

class Theme
{
public:
    // HighContrast: the presenter theme (issue 8) — black, white text, saturated colours that
    // stay apart for the common colour-vision deficiencies and on washed-out projectors.
    enum class Kind { Light, Dark, HighContrast };

    static const Theme& current();
    static void setKind(Kind kind);
    // Multiplies every font (presenter mode, projectors).
    static void setFontScale(double scale);
    // Multiplies the width of every series pen (presenter mode: lines readable from the back).
    static void setLineScale(double scale);

    Kind kind() const { return m_kind; }
    // Dark and high-contrast both paint light on dark.
    bool isDark() const { return m_kind != Kind::Light; }
    bool isHighContrast() const { return m_kind == Kind::HighContrast; }

    // Chrome.
    QColor background; // chart plot background
    QColor surface; // widget background around plots
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor axis;
    QColor idleFill; // where a lane or the loop does nothing
    QColor alert; // slow callbacks, blocking calls: the mistake
    QColor hover; // crosshair

    // One colour per lane state, the same in every panel (the legend says which is which).
    QColor stateColor(metrics::LaneState state) const;
    // Series colours in order; index wraps.
    QColor seriesColor(int index) const;
    // The index i with seriesColor(i) == colour (0..7), or -1: lets a chart that was given a
    // palette colour follow a theme change.
    int seriesColorIndex(const QColor& color) const;
    // Mark colours: "slow_callback" and "blocking" red, "parameter" blue...
    QColor markColor(const QString& markName) const;

    QFont baseFont() const; // widgets
    QFont axisFont() const; // tick labels
    QFont axisTitleFont() const; // "time (s)", "lag (ms)"
    QFont titleFont() const; // chart titles
    QFont headlineFont() const; // big numbers
    double fontScale() const { return m_fontScale; }
    double lineScale() const { return m_lineScale; }

    QPalette palette() const;

private:
    explicit Theme(Kind kind, double fontScale, double lineScale);
    Kind m_kind;
    double m_fontScale;
    double m_lineScale;
};

// Localised, human names ("running", "waiting for I/O"...) for legends and tooltips.
QString laneStateLabel(metrics::LaneState state);

} // namespace looplab::ui

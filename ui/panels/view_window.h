#pragma once
// Which stretch of run time the panels show: one window for every chart of a panel so their time
// axes line up.
namespace looplab::ui {

struct ViewWindow {
    double fromS = 0;
    double toS = 1;
};

// While running: the last `windowS` seconds (or the whole planned run when shorter). Past the
// first window it moves in steps of a round tick interval (about a sixth of the window), not
// every frame: a moving axis relayouts all its labels, and a chart that jumps by one tick every
// few seconds is easier to read than one that crawls. Finished: the whole run.
ViewWindow liveViewWindow(double nowS, double windowS, double plannedS, bool running);

} // namespace looplab::ui

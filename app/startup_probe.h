#pragma once

namespace looplab::app {

// With LOOPLAB_MEASURE_STARTUP=1 in the environment (used by `make bench`): once the main window
// has painted its first frame, print "first frame after N ms" (N measured from the process's
// start, as the kernel recorded it) on stdout and quit. Does nothing otherwise.
void installStartupProbe();

} // namespace looplab::app

#pragma once
#include "lab_panel.h"

namespace looplab::ui {

// The panel for a lab: its kind's dedicated panel where one exists, the generic one otherwise.
LabPanel* createLabPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

} // namespace looplab::ui

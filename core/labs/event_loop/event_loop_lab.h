#pragma once
// Entry points of the event_loop lab for the catalog.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec eventLoopKindSpec();
std::unique_ptr<engine::Lab> createEventLoopLab(const scenario::LabConfig& config);

} // namespace looplab::labs

#pragma once
#include "engine/lab_factory.h"

namespace looplab {

// Every lab kind LoopLab knows. One instance for the process.
const engine::LabFactory& labCatalog();

} // namespace looplab
